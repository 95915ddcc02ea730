import { describe, expect, it } from 'vitest';
import { siteConfigSchema } from '../../../src/config/schema.js';
import type { HeadingIdScheme } from '../../../src/markdown/heading-ids.js';
import { resolveMarkdownOptions } from '../../../src/markdown/options.js';
import { pipelineKey } from '../../../src/markdown/render-cache.js';
import { createMarkdownRenderer } from '../../../src/markdown/renderer.js';
import { input, OPTIONS } from './helpers.js';

const renderers = new Map<HeadingIdScheme, ReturnType<typeof createMarkdownRenderer>>();

function render(scheme: HeadingIdScheme, body: string) {
  let renderer = renderers.get(scheme);
  if (!renderer) renderers.set(scheme, (renderer = createMarkdownRenderer(resolveMarkdownOptions({ ...OPTIONS, headingIds: scheme }))));
  return renderer.render(input(body));
}

/** The ids of the body's headings, in order. */
function ids(scheme: HeadingIdScheme, ...headings: string[]): string[] {
  const { value } = render(scheme, headings.map((h) => `## ${h}\n`).join('\n'));
  return [...value.html.matchAll(/<h2 id="([^"]*)"/g)].map((m) => m[1]!);
}

describe('headingIds: github (the default; also Astro)', () => {
  it('is the default, and gives what github-slugger gives', () => {
    // github-slugger's README: repeated `foo` becomes `foo-1`, then `foo-2`; `bar` stays `bar`.
    const body = '## foo\n\n## foo\n\n## bar\n\n## foo\n';
    const ids = [...createMarkdownRenderer(OPTIONS).render(input(body)).value.html.matchAll(/<h2 id="([^"]*)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['foo', 'foo-1', 'bar', 'foo-2']);
    expect(OPTIONS.headingIds).toBe('github');
  });

  it('keeps unicode letters, drops punctuation and emoji, each space a dash', () => {
    expect(ids('github', 'Über Café', 'C++ & Rust', "Relink, don't rebuild", '🎉 Party time')).toEqual([
      'über-café',
      'c--rust',
      'relink-dont-rebuild',
      '-party-time',
    ]);
  });
});

describe('headingIds: hugo', () => {
  it("slugs the heading's Markdown line as Goldmark does: link targets and `_` kept, other punctuation dropped", () => {
    // Hugo's markup/goldmark/autoid.go (type "github"): letters, digits and `_` lowercased, spaces,
    // tabs and `-` become `-`; Goldmark hands it the heading line as written, and names an empty one `heading`.
    expect(ids('hugo', 'Run `npm test` on [CI](https://x.org) **now**!', 'snake_case & __bold__', 'Über Café', 'C++ & Rust', '🎉', 'Setup', 'Setup ##')).toEqual([
      'run-npm-test-on-cihttpsxorg-now',
      'snake_case--__bold__',
      'über-café',
      'c--rust',
      'heading',
      'setup',
      'setup-1',
    ]);
  });

  it('reads a setext heading and keeps explicit ids', () => {
    const { value } = render('hugo', 'Intro *here*\n---\n\n## Part {#mine}\n');
    expect(value.html).toContain('<h2 id="intro-here">');
    expect(value.html).toContain('<h2 id="mine">Part</h2>');
  });
});

describe('headingIds: zola', () => {
  it('follows the documented example, duplicates included', () => {
    // https://www.getzola.org/documentation/content/linking/ ("Heading id and anchor insertion").
    expect(ids('zola', 'Something exciting!', 'Example code', 'Something else', 'Example code')).toEqual([
      'something-exciting',
      'example-code',
      'something-else',
      'example-code-1',
    ]);
  });

  it('transliterates Latin letters and makes every other run a single dash, apostrophes included', () => {
    // Zola's issue tracker shows `#relink-don-t-rebuild` for "Relink, don't rebuild".
    expect(ids('zola', "Relink, don't rebuild", 'Über Café', 'C++ & Rust', 'Straße ǅemal Øre', '  --Trim me--  ', '🎉 Party')).toEqual([
      'relink-don-t-rebuild',
      'uber-cafe',
      'c-rust',
      'strasse-dzemal-ore',
      'trim-me',
      'party',
    ]);
  });
  it('spells other scripts and signs in ASCII as deunicode does, accents dropped', () => {
    // The `slug` crate (Zola's `slugify.anchors = "on"`) transliterates each character with
    // `deunicode`, whose README gives Æneid → AEneid and étude → etude; Greek and Cyrillic follow
    // Text::Unidecode's tables, which deunicode starts from.
    expect(ids('zola', 'Æneid étude', 'Ελληνικά', 'Привет, мир', 'Ёлка и Щука', 'Rust © 2024', '3×3 at 25°C', 'Ставка 5 €')).toEqual([
      'aeneid-etude',
      'ellenika',
      'privet-mir',
      'iolka-i-shchuka',
      'rust-c-2024',
      '3x3-at-25degc',
      'stavka-5-eur',
    ]);
  });

  it('reads text and code of links and emphasis, not footnote numbers', () => {
    // Zola's anchors are made from the heading's text and inline code events.
    const { value } = render('zola', '## Use `cargo` with [links](https://x.org) and *style*[^1]\n\n[^1]: A note.\n');
    expect(value.html).toContain('<h2 id="use-cargo-with-links-and-style">');
  });

  it("reads an image's alt text, as pulldown-cmark hands it over", () => {
    expect(ids('zola', 'Ferris ![the crab](ferris.png) says hi')).toEqual(['ferris-the-crab-says-hi']);
    expect(ids('github', 'Ferris ![the crab](ferris.png) says hi')).toEqual(['ferris--says-hi']);
  });
});

describe('headingIds: jekyll', () => {
  it('follows kramdown GFM parser ids (Jekyll default input), duplicates included', () => {
    // https://jekyllrb.com/docs/configuration/markdown/: Jekyll uses kramdown's GFM parser by default,
    // whose auto ids (https://kramdown.gettalong.org/parser/gfm.html) lowercase, drop non-word characters
    // but `-`, turn spaces into dashes, and number repeats from -1.
    expect(ids('jekyll', 'Über Café', 'C++ & Rust', "Relink, don't rebuild", '🎉 Party', 'Über Café', 'Über Café')).toEqual([
      'über-café',
      'c--rust',
      'relink-dont-rebuild',
      '-party',
      'über-café-1',
      'über-café-2',
    ]);
  });
  it('makes ids from the text kramdown keeps: code, link and emphasis text, typographic dashes dropped', () => {
    // kramdown-parser-gfm sets auto_id_stripping: the id comes from the header's text, codespan and
    // entity values (not the raw Markdown line), after `--`/`---` became en and em dashes, which its
    // NON_WORD_RE (`[^\p{Word}\- \t]`) drops. https://kramdown.gettalong.org/parser/gfm.html
    expect(ids('jekyll', 'Use `npm run` with [links](https://x.org) and *emphasis*', 'Before -- after', 'Wait... what?', 'Tom &amp; Jerry', 'x² and ①')).toEqual([
      'use-npm-run-with-links-and-emphasis',
      'before--after',
      'wait-what',
      'tom--jerry',
      'x-and-',
    ]);
  });

  it('keeps dashes written inside code', () => {
    expect(ids('jekyll', 'The `--force` flag')).toEqual(['the---force-flag']);
  });

  it('leaves footnote reference numbers out', () => {
    const { value } = render('jekyll', '## Setup[^1]\n\n[^1]: A note.\n');
    expect(value.html).toContain('<h2 id="setup">');
  });
});

describe('headingIds: eleventy', () => {
  it("follows Eleventy's slugify filter (@sindresorhus/slugify, decamelize off) as markdown-it-anchor gets it", () => {
    // https://www.11ty.dev/docs/filters/slugify/ and @sindresorhus/slugify's README examples
    // ('I ♥ Dogs' → i-love-dogs, 'Déjà Vu!' → deja-vu); German umlauts become ae/oe/ue.
    expect(ids('eleventy', 'I ♥ Dogs', '  Déjà Vu!  ', 'fooBar 123 $#%', 'Über Café', 'C++ & Rust', "Relink, don't rebuild", 'I ♥ 🦄 & 🐶')).toEqual([
      'i-love-dogs',
      'deja-vu',
      'foobar-123',
      'ueber-cafe',
      'c-and-rust',
      'relink-dont-rebuild',
      'i-love-unicorn-and',
    ]);
  });

  it('numbers repeats as markdown-it-anchor does', () => {
    expect(ids('eleventy', 'Setup', 'Setup', 'Setup')).toEqual(['setup', 'setup-1', 'setup-2']);
  });
});

describe('rich headings in every scheme', () => {
  it('read the text of code, links and emphasis and leave footnote numbers out', () => {
    // Goldmark (Hugo) slugs the heading node's text, markdown-it-anchor (Eleventy) its text and
    // code_inline tokens: link and emphasis text count, footnote references do not.
    const heading = '## Run `npm test` on [CI](https://x.org) **now**![^n]\n\n[^n]: A note.\n';
    const expected = { github: 'run-npm-test-on-ci-now', zola: 'run-npm-test-on-ci-now', jekyll: 'run-npm-test-on-ci-now', eleventy: 'run-npm-test-on-ci-now' };
    for (const scheme of ['github', 'zola', 'jekyll', 'eleventy'] as const) {
      expect(render(scheme, heading).value.html).toContain(`<h2 id="${expected[scheme]}">`);
    }
  });

  it('treat punctuation and emoji as each generator does', () => {
    // Hugo's "github" type keeps letters, digits, `_`, `-` and turns spaces into `-`; emoji go.
    expect(ids('github', 'What’s new in v1.2?', 'snake_case & kebab-case', '🚀 Launch 🚀')).toEqual([
      'whats-new-in-v12',
      'snake_case--kebab-case',
      '-launch-',
    ]);
    // @sindresorhus/slugify spells `&` as `and`; it drops a straight apostrophe but a curly one
    // (what Eleventy's smart quotes would not make: markdown-it's typographer is off) separates.
    expect(ids('eleventy', 'What’s new in v1.2?', 'snake_case & kebab-case', '🚀 Launch 🚀')).toEqual([
      'what-s-new-in-v1-2',
      'snake-case-and-kebab-case',
      'launch',
    ]);
  });
});

describe('explicit ids', () => {
  it('win in every scheme, reserve their id before automatic ones, and leave the heading text', () => {
    for (const scheme of ['github', 'hugo', 'zola', 'jekyll', 'eleventy'] as const) {
      const { value, diagnostics } = render(scheme, '## Install\n\n## Set *it* up {#install}\n');
      expect(diagnostics).toEqual([]);
      expect(value.html).toContain('<h2 id="install-1">Install</h2>');
      expect(value.html).toContain('<h2 id="install">Set <em>it</em> up</h2>');
      expect(value.html).not.toContain('{#');
      expect(value.toc.map((e) => [e.id, e.text])).toEqual([
        ['install-1', 'Install'],
        ['install', 'Set it up'],
      ]);
    }
  });

  it('warn on a repeated explicit id, naming the line, and give that heading an automatic id', () => {
    const { value, diagnostics } = render('github', '## One {#same}\n\nText.\n\n## Two {#same}\n');
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'duplicate-heading-id', file: 'content/a-post.md', line: 14 }),
    ]);
    expect(value.html).toContain('<h2 id="same">One</h2>');
    expect(value.html).toContain('<h2 id="two">Two</h2>');
  });

  it('do not stop a first heading that repeats the post title from being dropped', () => {
    // The page prints the title as its h1; `# A Post {#top}` is the same heading with an id.
    const { value } = render('zola', '# A Post {#top}\n\nText.\n');
    expect(value.html.trim()).toBe('<p>Text.</p>');
  });

  it('are only taken from the end of the heading text, not from code', () => {
    const { value } = render('github', '## Use `{#id}`\n\n## A {#b} c\n');
    expect(value.html).toContain('<h2 id="use-id">Use <code>{#id}</code></h2>');
    expect(value.html).toContain('<h2 id="a-b-c">A {#b} c</h2>');
  });
});

describe('the setting', () => {
  it('is part of the render cache key', () => {
    const keys = new Set(['github', 'hugo', 'zola', 'jekyll', 'eleventy'].map((s) => pipelineKey(resolveMarkdownOptions({ headingIds: s as HeadingIdScheme }))));
    expect(keys.size).toBe(5);
  });

  it('defaults to github in site.config.ts and rejects other names', () => {
    expect(siteConfigSchema.parse({}).headingIds).toBe('github');
    expect(siteConfigSchema.parse({ headingIds: 'zola' }).headingIds).toBe('zola');
    expect(siteConfigSchema.safeParse({ headingIds: 'hexo' }).success).toBe(false);
  });
});
