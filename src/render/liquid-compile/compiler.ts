import { Context, defaultOperators, filters as builtInFilters, type Liquid, type Template } from '../../vendor/liquid.js';
import { Unsupported } from './expressions.js';
import { Emitter, Runtime, type RuntimeOptions } from './runtime.js';
import { compileList, type CompiledFile, type TemplateCompiler } from './templates.js';
import type { TemplateShape } from './shapes.js';

/**
 * LiquidJS's built-in filters that read nothing but their arguments (and the engine's options):
 * the compiled path may call them. Filters that evaluate expressions in the render's context
 * (`where_exp`, `group_by_exp`, ...) are left out, so templates using them render with LiquidJS.
 */
const PURE_FILTERS = [
  'escape', 'xml_escape', 'escape_once', 'unescape', 'newline_to_br', 'strip_html', 'raw', 'default', 'json', 'jsonify', 'inspect', 'to_integer',
  'abs', 'at_least', 'at_most', 'ceil', 'divided_by', 'floor', 'minus', 'plus', 'modulo', 'times', 'round',
  'url_decode', 'url_encode', 'cgi_escape', 'uri_escape', 'slugify',
  'join', 'last', 'first', 'reverse', 'size', 'compact', 'concat', 'push', 'unshift', 'pop', 'shift', 'slice', 'uniq', 'map', 'sort', 'sort_natural', 'sum',
  'date', 'date_to_xmlschema', 'date_to_rfc822', 'date_to_string', 'date_to_long_string',
  'append', 'prepend', 'lstrip', 'downcase', 'upcase', 'remove', 'remove_first', 'remove_last', 'rstrip', 'split', 'strip', 'strip_newlines',
  'squish', 'capitalize', 'replace', 'replace_first', 'replace_last', 'truncate', 'truncatewords', 'normalize_whitespace', 'number_of_words',
  'array_to_sentence_string', 'base64_encode', 'base64_decode',
];

/** A template tree turned into closures: renders the data LiquidJS's `renderSync` would, to the same text. */
export type CompiledRender = (data: object) => string;

export interface CompiledTemplatesOptions {
  /** Finds a parsed partial or layout as LiquidJS's cache would for `{% include 'name' %}` (undefined: not there). */
  lookup(kind: 'partials' | 'layouts', name: string): Template[] | undefined;
  /** Filters registered on the engine that are pure too (their implementations). */
  pureFilters?: ReadonlyArray<unknown>;
}

/**
 * Compiles LiquidJS's parse of each template once into plain closures. LiquidJS stays the parser and
 * the reference: a tree using anything not mirrored here gets no compiled form (`get` answers
 * undefined), and a compiled render that meets anything unusual throws, for the caller to render the
 * page with LiquidJS instead.
 */
export class CompiledTemplates {
  readonly #options: CompiledTemplatesOptions;
  readonly #compiler: TemplateCompiler | undefined;
  readonly #runtime: RuntimeOptions;
  readonly #globals: object;
  readonly #roots = new Map<Template[], CompiledRender | undefined>();
  readonly #files = new Map<Template[], CompiledFile>();
  readonly #unsupported = new Set<Template[]>();

  constructor(liquid: Liquid, options: CompiledTemplatesOptions) {
    this.#options = options;
    const opts = liquid.options as typeof liquid.options & Record<string, unknown>;
    this.#runtime = { strictVariables: !!opts.strictVariables, ownPropertyOnly: !!opts.ownPropertyOnly, jsTruthy: !!opts.jsTruthy };
    this.#globals = (opts.globals ?? {}) as object;
    if (!mirrored(opts)) return;
    const pure = new Set<unknown>(options.pureFilters ?? []);
    const table = builtInFilters as Record<string, unknown>;
    for (const name of PURE_FILTERS) {
      const filter = table[name];
      if (filter) pure.add(typeof filter === 'function' ? filter : (filter as { handler: unknown }).handler);
    }
    this.#compiler = {
      pureFilters: pure,
      filterContext: new Context({}, liquid.options, { sync: true }, { liquid }),
      liquid,
      strictVariables: this.#runtime.strictVariables,
      outputEscape: opts.outputEscape as ((value: unknown) => unknown) | undefined,
      file: (kind, name) => this.#file(kind, name),
    };
  }

  /** The compiled render of a parsed template (with its layout and partials), or undefined to use LiquidJS. */
  get(templates: Template[]): CompiledRender | undefined {
    if (this.#roots.has(templates)) return this.#roots.get(templates);
    let render: CompiledRender | undefined;
    const compiler = this.#compiler;
    if (compiler) {
      const known = new Set(this.#files.keys());
      try {
        const node = compileList(compiler, templates as unknown as TemplateShape[]);
        const runtime = this.#runtime;
        const globals = this.#globals;
        render = (data) => {
          const em = new Emitter();
          node(new Runtime(data, globals, runtime), em);
          return em.buffer;
        };
      } catch (error) {
        if (!(error instanceof Unsupported)) throw error;
        // A file compiled meanwhile may refer to one that failed (a partial that includes its includer).
        for (const file of [...this.#files.keys()]) if (!known.has(file)) this.#files.delete(file);
      }
    }
    this.#roots.set(templates, render);
    return render;
  }

  #file(kind: 'partials' | 'layouts', name: string): CompiledFile {
    const templates = this.#options.lookup(kind, name);
    if (!templates || this.#unsupported.has(templates)) throw new Unsupported(`${kind} ${name}`);
    const known = this.#files.get(templates);
    if (known) return known;
    // Registered before compiling, so a partial that includes itself refers to its own entry.
    const file: CompiledFile = { node: () => undefined };
    this.#files.set(templates, file);
    try {
      file.node = compileList(this.#compiler!, templates as unknown as TemplateShape[]);
    } catch (error) {
      this.#files.delete(templates);
      if (error instanceof Unsupported) this.#unsupported.add(templates);
      throw error;
    }
    return file;
  }
}

/** Engine options under which the compiled closures do what LiquidJS does; any other setting keeps LiquidJS. */
function mirrored(opts: Record<string, unknown>): boolean {
  return (
    opts['operators'] === defaultOperators &&
    !opts['lenientIf'] &&
    !opts['keepOutputType'] &&
    !opts['catchAllErrors'] &&
    !opts['jekyllInclude'] &&
    !opts['jekyllWhere'] &&
    !opts['orderedFilterParameters'] &&
    !opts['groupedExpressions'] &&
    opts['memoryLimit'] === Infinity &&
    opts['renderLimit'] === Infinity &&
    opts['dynamicPartials'] === true
  );
}
