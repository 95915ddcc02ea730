// @ts-check
// Deterministic tech-blog posts: the same seed and index always give the same post.
import { CODE_LANGUAGES, CODE_SAMPLES } from './code-samples.mjs';
import { createRng, postSeed } from './prng.mjs';

/**
 * @typedef {object} BenchPost
 * @property {number} index
 * @property {string} slug     URL segment shared by every subject: /posts/<slug>/
 * @property {string} title
 * @property {string} description
 * @property {string} date     YYYY-MM-DD, always in the past
 * @property {string[]} tags
 * @property {boolean} featured
 * @property {string} body     Markdown
 */

export const DEFAULT_SEED = 20240205;

/**
 * `standard`: link- and code-rich posts. `light`: as many bytes of plain prose in short paragraphs,
 * about one link and at most one small code block, so a build's fixed costs show.
 * @typedef {'standard' | 'light'} Profile
 */
/** @type {readonly Profile[]} */
export const PROFILES = ['standard', 'light'];

/** ~40 tags with a skewed pick so a few tags hold many posts and every tag page paginates. */
export const TAG_POOL = [
  'Kafka', 'Kubernetes', 'Docker', 'TypeScript', 'JavaScript', 'Python', 'Go', 'Rust', 'Java', 'SQL',
  'PostgreSQL', 'Redis', 'Testing', 'Performance', 'Security', 'Architecture', 'Microservices',
  'Event-Driven', 'Messaging', 'Patterns', 'DevOps', 'CI', 'Observability', 'Cloud', 'AWS', 'Serverless',
  'GraphQL', 'REST', 'Databases', 'Frontend', 'React', 'Node', 'Concurrency', 'Distributed Systems',
  'Caching', 'Linux', 'Networking', 'Tooling', 'Career', 'Data Engineering',
];

const TOPICS = [
  'Kafka Consumers', 'Connection Pools', 'Idempotent Handlers', 'Background Jobs', 'Feature Flags',
  'Schema Migrations', 'Read Replicas', 'Rate Limiters', 'Circuit Breakers', 'Outbox Tables',
  'Service Meshes', 'Container Images', 'Build Caches', 'Integration Tests', 'Structured Logging',
  'Distributed Tracing', 'Event Sourcing', 'Saga Orchestration', 'Cache Invalidation', 'Message Ordering',
  'Dead Letter Queues', 'Blue-Green Deploys', 'Load Shedding', 'Query Plans', 'Type-Safe APIs',
  'Worker Pools', 'Backpressure', 'Secret Rotation', 'Zero-Downtime Releases', 'Consumer Lag',
];
const OPENERS = [
  'Scaling', 'Debugging', 'Designing', 'Testing', 'Operating', 'Understanding', 'Rethinking',
  'Simplifying', 'Measuring', 'Hardening', 'Migrating', 'Taming',
];
const QUALIFIERS = [
  'in Production', 'Without Tears', 'at Scale', 'the Boring Way', 'Step by Step', 'for Small Teams',
  'on Kubernetes', 'with PostgreSQL', 'in TypeScript', 'After an Outage', 'on a Budget', 'Done Right',
];
const SECTION_HEADINGS = [
  'Why this matters', 'The naive approach', 'What goes wrong', 'A better design', 'Measuring the effect',
  'Edge cases', 'Failure modes', 'Configuration', 'Rolling it out', 'Monitoring', 'Trade-offs',
  'Testing the change', 'What we learned', 'Alternatives we rejected', 'Performance notes', 'Wrapping up',
  'Background', 'The setup', 'Operational checklist', 'Common mistakes',
];
const SUBJECTS = [
  'the consumer', 'every retry', 'the scheduler', 'our API gateway', 'the write path', 'a slow query',
  'the deploy pipeline', 'each partition', 'the cache layer', 'the on-call engineer', 'the load balancer',
  'a background worker', 'the migration', 'the client library', 'the test suite', 'the message broker',
];
const VERBS = [
  'has to handle', 'quietly depends on', 'should never block on', 'can amplify', 'tends to hide',
  'must tolerate', 'will eventually hit', 'often ignores', 'needs to observe', 'is responsible for',
];
const OBJECTS = [
  'duplicate deliveries', 'clock skew', 'partial failures', 'slow downstream services', 'hot keys',
  'out-of-order events', 'connection exhaustion', 'memory pressure', 'long garbage collection pauses',
  'unbounded queues', 'network partitions', 'stale reads', 'thundering herds', 'schema drift',
];
const TAILS = [
  'under real traffic', 'during a rebalance', 'when the cluster is under load', 'at three in the morning',
  'long before anyone notices', 'in ways unit tests rarely catch', 'once the dataset outgrows memory',
  'after a deploy', 'when a dependency degrades', 'on the first busy Monday',
];
const FILLERS = [
  'In practice the difference is easy to measure.', 'That sounds obvious, but it is rarely written down.',
  'The fix is small; finding it is not.', 'Most teams learn this the hard way.',
  'It is worth being explicit about the contract here.', 'None of this requires new infrastructure.',
  'This is where good defaults pay off.', 'The numbers below come from a staging cluster.',
];
const IDENTIFIERS = [
  'maxInFlight', 'retryPolicy', 'commitOffsets()', 'SELECT ... FOR UPDATE', 'idempotencyKey', 'fetch.min.bytes',
  'pool.acquire()', 'kubectl rollout status', 'EXPLAIN ANALYZE', 'AbortController', 'max.poll.records',
  'statement_timeout', 'readinessProbe', 'Promise.allSettled', 'context.WithTimeout', 'ON CONFLICT',
];
const NAMES = ['handleOrder', 'syncInventory', 'processBatch', 'dispatchEvents', 'reconcile', 'warmCache',
  'drainQueue', 'billing', 'checkout', 'ingest', 'notifier', 'ledger', 'shipments', 'payments'];
const ITEMS = ['order', 'event', 'job', 'invoice', 'payment', 'user', 'shipment', 'task', 'record'];
const LINK_SITES = ['https://kafka.apache.org/documentation/', 'https://www.postgresql.org/docs/current/',
  'https://kubernetes.io/docs/concepts/', 'https://developer.mozilla.org/en-US/docs/Web/API',
  'https://go.dev/doc/effective_go', 'https://docs.python.org/3/library/asyncio.html',
  'https://doc.rust-lang.org/book/', 'https://martinfowler.com/articles/', 'https://sre.google/sre-book/'];
const LINK_TEXTS = ['the official documentation', 'this write-up', 'the reference guide', 'a classic article',
  'the design notes', 'the release notes', 'the chapter on this topic'];

/** Every date is before this one, so no subject treats a post as scheduled. */
const NEWEST = Date.UTC(2025, 5, 30);
const DAY = 86_400_000;

/**
 * Post `index` of a profile. Both profiles draw title, slug, date and tags alike, so they share one
 * site structure (tags, archives, pagination) and differ only in the bodies.
 * @param {number} index
 * @param {number} [seed]
 * @param {Profile} [profile]
 * @returns {BenchPost}
 */
export function generatePost(index, seed = DEFAULT_SEED, profile = 'standard') {
  const rng = createRng(postSeed(seed, index));
  const title = titleFrom(rng);
  const slug = `${slugify(title)}-${index + 1}`;
  const date = new Date(NEWEST - rng.int(3650) * DAY).toISOString().slice(0, 10);
  const tagCount = rng.range(2, 5);
  /** @type {string[]} */
  const tags = [];
  while (tags.length < tagCount) {
    // Squaring skews the pick toward the front of the pool: big tags, small tags, all paginated.
    const tag = /** @type {string} */ (TAG_POOL[Math.floor(rng.next() ** 2 * TAG_POOL.length)]);
    if (!tags.includes(tag)) tags.push(tag);
  }
  const featured = rng.chance(0.05);
  const description = `${capitalise(rng.pick(SUBJECTS))} ${rng.pick(VERBS)} ${rng.pick(OBJECTS)} ${rng.pick(TAILS)}: a practical look at ${rng.pick(TOPICS).toLowerCase()}.`;
  const body = profile === 'light' ? generateLightBody(rng, index) : generateBody(rng, index);
  return { index, slug, title, description, date, tags, featured, body };
}

/**
 * ~7 KB of Markdown: sections with headings, paragraphs rich in inline markup, lists, sometimes a
 * table, and 0–3 fenced code blocks (about two on average).
 * @param {import('./prng.mjs').Rng} rng
 * @param {number} index
 */
function generateBody(rng, index) {
  const roll = rng.next();
  const codeBlocks = roll < 0.1 ? 0 : roll < 0.3 ? 1 : roll < 0.65 ? 2 : 3;
  const sectionCount = rng.range(4, 6);
  const codeAt = new Set();
  while (codeAt.size < codeBlocks) codeAt.add(rng.int(sectionCount));
  const tableAt = rng.chance(0.35) ? rng.int(sectionCount) : -1;
  /** @type {string[]} */
  const out = [paragraph(rng, index, 3, 5), paragraph(rng, index, 2, 4)];
  const headings = [...SECTION_HEADINGS];
  for (let s = 0; s < sectionCount; s++) {
    const heading = /** @type {string} */ (headings.splice(rng.int(headings.length), 1)[0]);
    out.push(`## ${heading}`);
    const paras = rng.range(1, 2);
    for (let p = 0; p < paras; p++) out.push(paragraph(rng, index, 3, 5));
    if (rng.chance(0.45)) out.push(list(rng, index));
    if (s === tableAt) out.push(table(rng));
    if (codeAt.has(s)) {
      out.push(paragraph(rng, index, 1, 2));
      out.push(codeBlock(rng));
    }
    if (rng.chance(0.3)) {
      out.push(`### ${capitalise(rng.pick(OBJECTS))}`);
      out.push(paragraph(rng, index, 2, 4));
    }
  }
  return `${out.join('\n\n')}\n`;
}

/** The standard profile's mean body size in bytes (7128 over its first 2000 posts). */
const STANDARD_MEAN_BYTES = 7128;

/**
 * Short paragraphs of plain prose under a few headings, filled to a size drawn around the standard
 * profile's mean; one link (to an earlier post or an external site) and a small code block in half
 * of the posts.
 * @param {import('./prng.mjs').Rng} rng
 * @param {number} index
 */
function generateLightBody(rng, index) {
  // Uniform in ±50% of the mean, less half a paragraph because the last one overshoots the target.
  const target = STANDARD_MEAN_BYTES * (0.5 + rng.next()) - 120;
  const withCode = rng.chance(0.5);
  const linkText = rng.pick(LINK_TEXTS);
  const link = index > 0 && rng.chance(0.5) ? `/posts/${generateSlugOnly(rng.int(index))}/` : rng.pick(LINK_SITES);
  const out = [`${plainParagraph(rng, 2, 3)} More in [${linkText}](${link}).`];
  let bytes = out[0].length;
  const headings = [...SECTION_HEADINGS];
  let section = 0;
  while (bytes < target) {
    const heading = headings.length ? /** @type {string} */ (headings.splice(rng.int(headings.length), 1)[0]) : 'Notes';
    out.push(`## ${heading}`);
    bytes += heading.length + 5;
    const paras = rng.range(2, 4);
    for (let p = 0; p < paras && bytes < target; p++) {
      const text = plainParagraph(rng, 2, 3);
      out.push(text);
      bytes += text.length + 2;
    }
    if (section === 0 && withCode) {
      const code = smallCodeBlock(rng);
      out.push(code);
      bytes += code.length + 2;
    }
    section++;
  }
  return `${out.join('\n\n')}\n`;
}

/**
 * Plain sentences: no links, inline code or emphasis.
 * @param {import('./prng.mjs').Rng} rng
 * @param {number} min
 * @param {number} max
 */
function plainParagraph(rng, min, max) {
  const n = rng.range(min, max);
  /** @type {string[]} */
  const sentences = [];
  for (let i = 0; i < n; i++) {
    sentences.push(rng.chance(0.15)
      ? rng.pick(FILLERS)
      : `${capitalise(rng.pick(SUBJECTS))} ${rng.pick(VERBS)} ${rng.pick(OBJECTS)} ${rng.pick(TAILS)}.`);
  }
  return sentences.join(' ');
}

/** The first lines of a code sample: a small block. */
function smallCodeBlock(/** @type {import('./prng.mjs').Rng} */ rng) {
  const lang = rng.pick(CODE_LANGUAGES);
  const sample = rng.pick(/** @type {string[]} */ (CODE_SAMPLES[lang]));
  const code = sample.split('\n').slice(0, 6).join('\n').replaceAll('NAME', rng.pick(NAMES)).replaceAll('ITEM', rng.pick(ITEMS)).replaceAll(/\bN\b/g, String(rng.range(2, 64)));
  return `\`\`\`${lang}\n${code}\n\`\`\``;
}

/**
 * @param {import('./prng.mjs').Rng} rng
 * @param {number} index
 * @param {number} min
 * @param {number} max
 */
function paragraph(rng, index, min, max) {
  const n = rng.range(min, max);
  /** @type {string[]} */
  const sentences = [];
  for (let i = 0; i < n; i++) sentences.push(sentence(rng, index));
  return sentences.join(' ');
}

/**
 * @param {import('./prng.mjs').Rng} rng
 * @param {number} index
 */
function sentence(rng, index) {
  const kind = rng.int(10);
  if (kind === 0) return rng.pick(FILLERS);
  let text = `${capitalise(rng.pick(SUBJECTS))} ${rng.pick(VERBS)} ${decorate(rng, index, rng.pick(OBJECTS))} ${rng.pick(TAILS)}`;
  if (rng.chance(0.4)) text += `, so set \`${rng.pick(IDENTIFIERS)}\` deliberately`;
  if (rng.chance(0.25)) text += ` and watch ${decorate(rng, index, rng.pick(OBJECTS))}`;
  return `${text}.`;
}

/**
 * Wraps a phrase in emphasis, strong, inline code or a link (external, bare URL, or an earlier post).
 * @param {import('./prng.mjs').Rng} rng
 * @param {number} index
 * @param {string} phrase
 */
function decorate(rng, index, phrase) {
  const r = rng.int(14);
  if (r === 0) return `*${phrase}*`;
  if (r === 1) return `**${phrase}**`;
  if (r === 2) return `${phrase} (see [${rng.pick(LINK_TEXTS)}](${rng.pick(LINK_SITES)}))`;
  if (r === 3 && index > 0) {
    const earlier = rng.int(index);
    return `[${phrase}](/posts/${generateSlugOnly(earlier)}/)`;
  }
  // A bare URL exercises GFM's autolink-literal extension, the costliest part of remark-gfm.
  if (r === 4) return `${phrase} (details at ${rng.pick(LINK_SITES)})`;
  return phrase;
}

/** A post's title: the first draws of its generator, so a slug needs nothing more of the post. */
function titleFrom(/** @type {import('./prng.mjs').Rng} */ rng) {
  return `${rng.pick(OPENERS)} ${rng.pick(TOPICS)} ${rng.pick(QUALIFIERS)}`;
}

/**
 * The slug of an earlier post, for internal links that resolve in every corpus that holds this post
 * (with the default seed, as it always was). Made from the title's draws alone: generating the
 * whole earlier post, whose links name yet earlier posts, made 100,000 posts take many minutes.
 */
function generateSlugOnly(/** @type {number} */ index) {
  return `${slugify(titleFrom(createRng(postSeed(DEFAULT_SEED, index))))}-${index + 1}`;
}

/**
 * @param {import('./prng.mjs').Rng} rng
 * @param {number} index
 */
function list(rng, index) {
  const ordered = rng.chance(0.35);
  const n = rng.range(3, 6);
  /** @type {string[]} */
  const items = [];
  for (let i = 0; i < n; i++) {
    const item = `${capitalise(decorate(rng, index, rng.pick(OBJECTS)))}: ${rng.pick(SUBJECTS)} ${rng.pick(VERBS)} it, use \`${rng.pick(IDENTIFIERS)}\``;
    items.push(`${ordered ? `${i + 1}.` : '-'} ${item}`);
  }
  return items.join('\n');
}

/** @param {import('./prng.mjs').Rng} rng */
function table(rng) {
  const rows = rng.range(3, 6);
  const lines = ['| Setting | Default | Recommended | Notes |', '| --- | ---: | ---: | --- |'];
  for (let i = 0; i < rows; i++) {
    lines.push(`| \`${rng.pick(IDENTIFIERS)}\` | ${rng.range(1, 500)} | ${rng.range(1, 5000)} | ${capitalise(rng.pick(OBJECTS))} ${rng.pick(TAILS)} |`);
  }
  return lines.join('\n');
}

/** @param {import('./prng.mjs').Rng} rng */
function codeBlock(rng) {
  const lang = rng.pick(CODE_LANGUAGES);
  const sample = rng.pick(/** @type {string[]} */ (CODE_SAMPLES[lang]));
  const code = sample
    .replaceAll('NAME', rng.pick(NAMES))
    .replaceAll('ITEM', rng.pick(ITEMS))
    .replaceAll(/\bN\b/g, String(rng.range(2, 64)));
  return `\`\`\`${lang}\n${code}\n\`\`\``;
}

/** @param {string} text */
function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** @param {string} text */
export function slugify(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
