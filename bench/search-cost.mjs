// @ts-check
// What Pagefind's indexing costs, by what it is fed and how the posts are split into indexes:
//   node bench/search-cost.mjs --site DIR [--feed search|html|html-plain-code|text-html|record|record-half] [--shards 64] [--concurrent 1] [--limit N]
// DIR is a built Hashmark project (its dist/posts/*/index.html give the post bodies). Reports the
// indexer process's CPU (from /proc, read before it is closed), this thread's CPU, and wall time.
import { parseArgs } from 'node:util';
import { decodeHTML } from 'entities';
import { documentHtml, searchDocument } from '../lib/search/documents.js';
import { closeService, createIndex, serviceCpuSeconds } from '../lib/search/pagefind-service.js';
import { assignShards } from '../lib/search/shards.js';
import { builtPosts } from './lib/built-posts.mjs';

const { values } = parseArgs({
  options: {
    site: { type: 'string' },
    feed: { type: 'string', default: 'html' },
    shards: { type: 'string', default: '64' },
    concurrent: { type: 'string', default: '1' },
    limit: { type: 'string' },
  },
});
if (!values.site) throw new Error('--site DIR is required');
const posts = builtPosts(values.site, values.limit ? Number(values.limit) : undefined);

/** Code blocks without highlight.js's spans: the same text, far fewer elements. */
const plainCode = (html) => html.replace(/<pre[\s\S]*?<\/pre>/g, (pre) => pre.replace(/<\/?span[^>]*>/g, ''));
/** Headings (with their ids) and paragraphs kept as elements, every other tag dropped, its text kept. */
const textHtml = (html) => html.replace(/<a class="heading-anchor"[^>]*>[^<]*<\/a>/g, '').replace(/<(?!\/?(?:h[1-6]|p)\b)[^>]*>/g, ' ');
const text = (html) => decodeHTML(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();

const feed = values.feed;
const shardCount = Number(values.shards);
const shards = assignShards(posts, (p) => p.slug, shardCount).filter((s) => s.length > 0);
let bytes = 0;

const startCpu = process.cpuUsage();
const startWall = performance.now();
let getFilesMs = 0;
const indexOne = async (shard) => {
  const { index, errors } = await createIndex({ language: 'en', excludeSelectors: ['.heading-anchor'] });
  if (!index) throw new Error(errors.join('; '));
  await Promise.all(
    shard.map(async (post) => {
      if (feed === 'record') {
        const content = [post.title, post.description, post.tags.map((t) => t.name).join(', '), text(post.body)].join('\n');
        bytes += content.length;
        const errs = await index.addRecord({ url: post.url, content, language: 'en', meta: { title: post.title, date: post.date } });
        if (errs.length) throw new Error(errs.join('; '));
        return;
      }
      if (feed === 'record-half') {
        const content = text(post.body);
        bytes += content.length / 2;
        const errs = await index.addRecord({ url: post.url, content: content.slice(0, content.length / 2), language: 'en', meta: { title: post.title } });
        if (errs.length) throw new Error(errs.join('; '));
        return;
      }
      // search: what the build feeds (searchDocument); the others wrap a body as given.
      const body = feed === 'html-plain-code' ? plainCode(post.body) : feed === 'text-html' ? textHtml(post.body) : post.body;
      const html = feed === 'search' ? searchDocument(post, body, 'en') : documentHtml(post, body, 'en');
      bytes += html.length;
      const errs = await index.addHtml(post.url, html);
      if (errs.length) throw new Error(errs.join('; '));
    }),
  );
  const t = performance.now();
  const out = await index.getFiles();
  getFilesMs += performance.now() - t;
  await index.delete();
  return out.files.length;
};
let next = 0;
await Promise.all(
  Array.from({ length: Number(values.concurrent) }, async () => {
    while (next < shards.length) await indexOne(shards[next++]);
  }),
);
const childCpu = serviceCpuSeconds() ?? NaN;
const wall = performance.now() - startWall;
await closeService();
const own = process.cpuUsage(startCpu);
console.log(
  JSON.stringify({
    feed,
    posts: posts.length,
    shards: shards.length,
    concurrent: Number(values.concurrent),
    fedMB: +(bytes / 1e6).toFixed(1),
    pagefindCpuS: +childCpu.toFixed(2),
    pagefindCpuMsPerPost: +((childCpu * 1000) / posts.length).toFixed(2),
    nodeCpuS: +((own.user + own.system) / 1e6).toFixed(2),
    wallS: +(wall / 1000).toFixed(2),
    getFilesWallS: +(getFilesMs / 1000).toFixed(2),
  }),
);
