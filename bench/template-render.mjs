// Times page rendering in one thread: the default theme's post page (with three related posts,
// neighbours, tags, authors and a table of contents) and a list page, by the compiled templates and
// by LiquidJS alone. CPU time of this thread, best of the rounds, and µs per page.
//
//   node scripts/compile.mjs && node bench/template-render.mjs [--pages 2000] [--rounds 5] [--lib DIR] [--watch] [--stable]
//
// --lib DIR times another compiled lib/ (its createPageRenderer; without the engine option, LiquidJS).
// --stable: each post's summary is one object shared by the pages that list it, as in a page worker,
// and the renderer is told so (`stableSummaries`; a lib without the option ignores it).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { pages: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '5' }, lib: { type: 'string' }, watch: { type: 'boolean', default: false }, stable: { type: 'boolean', default: false } },
});
const count = Number(values.pages);
const rounds = Number(values.rounds);
const repo = fileURLToPath(new URL('..', import.meta.url));
const lib = path.resolve(values.lib ?? path.join(repo, 'lib'));
const { createPageRenderer } = await import(pathToFileURL(path.join(lib, 'render/page-renderer.js')).href);
const { siteConfigSchema } = await import(pathToFileURL(path.join(lib, 'config/schema.js')).href);
const { ViewWatch, namedViewFields } = await import(pathToFileURL(path.join(lib, 'render/view-fields.js')).href);
const { readTemplateFiles } = await import(pathToFileURL(path.join(lib, 'render/template-files.js')).href);

const config = siteConfigSchema.parse({ title: 'Bench', url: 'https://bench.example', postsPerPage: 10 });
const assets = { css: ['/assets/theme-abc123.css'], js: ['/assets/theme-abc123.js'], files: [] };

const summaries = new Map();
function summary(i) {
  if (!values.stable) return makeSummary(i);
  if (!summaries.has(i)) summaries.set(i, makeSummary(i));
  return summaries.get(i);
}

function makeSummary(i) {
  return {
    slug: `post-${i}`, title: `Post number ${i}: a title of some length`, description: i % 2 ? '' : `What post ${i} is about, in a sentence or two.`,
    excerpt: 'An excerpt of the post body, a couple of hundred characters of plain text. '.repeat(3), date: `2024-0${1 + (i % 9)}-1${i % 10}`,
    tags: [{ name: 'Kafka', slug: 'kafka' }, { name: 'Event Sourcing', slug: 'event-sourcing' }, { name: `Tag ${i % 40}`, slug: `tag-${i % 40}` }],
    featured: i % 10 === 0, draft: false, scheduled: false, readingMinutes: 4 + (i % 7), words: 900 + i, url: `/posts/post-${i}/`, source: `content/post-${i}.md`,
    ...(i % 3 === 0 ? { authors: ['Ada Lovelace', 'Grace Hopper'] } : {}),
    ...(i % 4 === 0 ? { updated: '2025-01-02' } : {}),
  };
}

function postPage(i) {
  const post = summary(i);
  return {
    url: post.url, file: `posts/${post.slug}/index.html`, template: 'post', title: post.title, description: post.description, origin: post.source,
    data: {
      kind: 'post', post,
      toc: [{ depth: 2, id: 'why', text: 'Why' }, { depth: 2, id: 'how', text: 'How' }, { depth: 3, id: 'details', text: 'Details' }],
      previous: summary(i + 1), next: summary(i + 2), related: [summary(i + 3), summary(i + 4), summary(i + 5)],
    },
  };
}

function listPage(i) {
  return {
    url: `/page/${i + 2}/`, file: `page/${i + 2}/index.html`, template: 'list', title: 'Bench', description: '', origin: 'home',
    data: { kind: 'home', posts: Array.from({ length: 10 }, (_, k) => summary(i * 10 + k)), pagination: { page: i + 2, pages: 400, previousUrl: '/', nextUrl: '/page/3/' } },
  };
}

const body = '<p>Some paragraph text of a post, about this long.</p>\n'.repeat(150);
const posts = Array.from({ length: count }, (_, i) => postPage(i));
const lists = Array.from({ length: Math.ceil(count / 10) }, (_, i) => listPage(i));

function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function time(label, renderer, pages, withBody) {
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    const start = cpuMs();
    for (const page of pages) {
      const out = renderer.render(page, withBody ? body : undefined);
      if (out.diagnostics.length > 0) throw new Error(out.diagnostics[0].message);
    }
    best = Math.min(best, cpuMs() - start);
  }
  console.log(`${label.padEnd(30)} ${best.toFixed(0).padStart(6)} ms CPU  ${((best * 1000) / pages.length).toFixed(0).padStart(5)} µs/page`);
}

// --watch: listed posts go through the view-field watch's Proxy, as in a build.
// With --stable, as a page worker: its copies with getters where the lib has them (`copy`), else the Proxy.
const watch = values.watch ? new ViewWatch(namedViewFields(readTemplateFiles(path.join(repo, 'templates')))) : undefined;
const listedView = watch ? ((values.stable && watch.copy) || watch.wrap) : undefined;
const make = (engine) => createPageRenderer({ root: repo, templatesDir: path.join(repo, 'templates'), config, assets, engine, listedView, stableSummaries: values.stable }).value;
for (const engine of values.lib ? [undefined] : ['compiled', 'liquidjs']) {
  const renderer = make(engine);
  time(`post pages, ${engine ?? 'baseline lib'}`, renderer, posts, true);
  time(`list pages, ${engine ?? 'baseline lib'}`, renderer, lists, false);
}
