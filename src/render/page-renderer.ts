import { join, relative, sep } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { Liquid, type Template } from '../vendor/liquid.js';
import type { Diagnostic, Result } from '../diagnostics.js';
import type { Page } from '../site/types.js';
import { formatPlainDate } from './dates.js';
import { jsonForScript } from './json-script.js';
import { CompiledTemplates, type CompiledRender } from './liquid-compile/compiler.js';
import { siteContext, templateData } from './template-data.js';
import { templateDiagnostic } from './template-errors.js';
import { readTemplateFiles, REQUIRED_TEMPLATES, TEMPLATE_EXTENSION } from './template-files.js';
import type { PageRenderer, PageRendererOptions } from './types.js';

/** The engine's settings; the compiled path's tests use the same. */
export const LIQUID_OPTIONS = {
  relativeReference: false,
  outputEscape: 'escape',
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
} as const;

/**
 * Creates the one Liquid engine of a build and parses every template up front, so a syntax error in
 * any template is reported before a single page renders, and rendering never reads the disk.
 *
 * Output is HTML-escaped by default; the post body (`{{ content | raw }}`) and the JSON-LD
 * (`{{ structuredData | json_script }}`, escaped for a script element) are the only unescaped values.
 */
export function createPageRenderer(options: PageRendererOptions): Result<PageRenderer | undefined> {
  const { root, templatesDir, config } = options;
  const diagnostics: Diagnostic[] = [];
  const displayPath = (name: string): string => relative(root, join(templatesDir, name)).split(sep).join('/');

  if (!existsSync(templatesDir) || !statSync(templatesDir).isDirectory()) {
    diagnostics.push({
      severity: 'error',
      code: 'template-error',
      message: 'The templates folder does not exist.',
      file: displayPath('.'),
      hint: 'Create templates/ with layouts/base.liquid and one template per page kind, or copy the default theme.',
    });
    return { value: undefined, diagnostics };
  }

  const sources = options.sources ?? readTemplateFiles(templatesDir);
  const parsed = new Map<string, Template[]>();
  const liquid = new Liquid({
    templates: Object.fromEntries(sources),
    extname: TEMPLATE_EXTENSION,
    cache: {
      // Partials and layouts resolve through this cache: every lookup hits a template parsed below.
      read: (key: string) => parsed.get(templateName(key)),
      write: (key: string, value: Template[] | Promise<Template[]>) => {
        if (Array.isArray(value)) parsed.set(templateName(key), value);
      },
      remove: () => undefined,
    },
    ...LIQUID_OPTIONS,
  });
  const dateDisplay = (value: unknown): string => formatPlainDate(String(value), config.language);
  const jsonScript = (value: unknown): string => jsonForScript(value);
  liquid.registerFilter('date_display', dateDisplay);
  liquid.registerFilter('json_script', { handler: jsonScript, raw: true });

  for (const [file, source] of sources) {
    try {
      parsed.set(templateName(file), liquid.parse(source, file));
    } catch (error) {
      diagnostics.push(templateDiagnostic(error, { root, templatesDir, fallbackTemplate: file }));
    }
  }
  for (const name of REQUIRED_TEMPLATES) {
    if (!sources.has(name + TEMPLATE_EXTENSION)) {
      diagnostics.push({
        severity: 'error',
        code: 'template-error',
        message: `The template ${name}${TEMPLATE_EXTENSION} is missing.`,
        file: displayPath(name + TEMPLATE_EXTENSION),
        hint: 'Every site needs layouts/base, post, list, tags, archive and 404 templates.',
      });
    }
  }
  if (diagnostics.length > 0) return { value: undefined, diagnostics };

  const ctx = siteContext(config, options.assets, options.stableSummaries);
  const engine = options.engine ?? templateEngine();
  const compiled =
    engine === 'liquidjs'
      ? undefined
      : new CompiledTemplates(liquid, {
          lookup: (kind, file) => parsed.get(templateName(`${kind}:${file}`)),
          pureFilters: [dateDisplay, jsonScript],
        });
  const liquidRender = (templates: Template[], data: object, name: string): Result<string> => {
    try {
      return { value: liquid.renderSync(templates, data) as string, diagnostics: [] };
    } catch (error) {
      return { value: '', diagnostics: [templateDiagnostic(error, { root, templatesDir, fallbackTemplate: name + TEMPLATE_EXTENSION })] };
    }
  };
  const renderer: PageRenderer = {
    render(page: Page, bodyHtml = ''): Result<string> {
      const name = page.template;
      const templates = parsed.get(name);
      if (!templates) {
        return {
          value: '',
          diagnostics: [
            {
              severity: 'error',
              code: 'template-error',
              message: `No template named "${name}" for the page ${page.url}.`,
              file: displayPath(name + TEMPLATE_EXTENSION),
              hint: `Create templates/${name}${TEMPLATE_EXTENSION}.`,
            },
          ],
        };
      }
      const data = templateData(ctx, page, bodyHtml, options.listedView);
      const fast = compiled?.get(templates);
      if (!fast) {
        templateRenderCounts.liquid++;
        return liquidRender(templates, data, name);
      }
      const html = tryCompiled(fast, data);
      if (html === undefined) {
        // Handed over: LiquidJS renders the page, and reports its error if it has one.
        templateRenderCounts.handedOver++;
        return liquidRender(templates, data, name);
      }
      templateRenderCounts.compiled++;
      if (engine === 'verify') {
        const reference = liquidRender(templates, data, name);
        if (reference.value !== html) return { value: reference.value, diagnostics: [...reference.diagnostics, mismatch(page, displayPath(name + TEMPLATE_EXTENSION))] };
      }
      return { value: html, diagnostics: [] };
    },
  };
  return { value: renderer, diagnostics };
}

/**
 * How pages are rendered: `compiled` (LiquidJS's parse compiled to closures, LiquidJS for what they
 * do not mirror), `liquidjs` (LiquidJS alone), or `verify` (both, a difference is an error). Set by
 * HASHMARK_TEMPLATE_ENGINE for comparisons; page workers inherit it.
 */
export type TemplateEngine = 'compiled' | 'liquidjs' | 'verify';

function templateEngine(): TemplateEngine {
  const value = process.env['HASHMARK_TEMPLATE_ENGINE'];
  return value === 'liquidjs' || value === 'verify' ? value : 'compiled';
}

/** Pages rendered in this thread by each path, for tests and measurements. */
export const templateRenderCounts = { compiled: 0, handedOver: 0, liquid: 0 };

function tryCompiled(render: CompiledRender, data: object): string | undefined {
  try {
    return render(data);
  } catch {
    return undefined;
  }
}

function mismatch(page: Page, file: string): Diagnostic {
  return {
    severity: 'error',
    code: 'template-error',
    message: `The compiled templates wrote different HTML from LiquidJS for ${page.url}.`,
    file,
    hint: 'Report this with the template; HASHMARK_TEMPLATE_ENGINE=liquidjs renders with LiquidJS alone meanwhile.',
  };
}

/** `partials:partials/head` or `partials/head.liquid` → `partials/head`. */
function templateName(key: string): string {
  const name = key.replace(/^(root|partials|layouts):/, '');
  return name.endsWith(TEMPLATE_EXTENSION) ? name.slice(0, -TEMPLATE_EXTENSION.length) : name;
}
