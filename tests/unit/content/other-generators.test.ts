import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPosts, parseDate, parseSource, tagSlug, validateDraft, type SourceFile } from '../../../src/content/index.js';
import { dateHint, fileNameDate } from '../../../src/content/dates.js';
import { templateCodeWarnings } from '../../../src/content/template-code.js';

function source(text: string, file = 'content/post.md'): SourceFile {
  return { absPath: `/site/${file}`, path: file, text, assets: [] };
}

function check(text: string, file?: string) {
  const parsed = parseSource(source(text, file));
  const validated = parsed.value ? validateDraft(parsed.value) : { value: undefined, diagnostics: [] };
  return { post: validated.value, diagnostics: [...parsed.diagnostics, ...validated.diagnostics] };
}

const codes = (diagnostics: Array<{ severity: string; code: string; line?: number }>) => diagnostics.map((d) => [d.severity, d.code, d.line]);

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('TOML front matter', () => {
  it('reads a Zola post: dates as written, taxonomies.tags as tags, updated, authors', () => {
    const { post, diagnostics } = check(
      '+++\ntitle = "Borrowing"\ndate = 2019-03-04T10:00:00+01:00\nupdated = 2019-05-01\nauthors = ["Ada", "Grace"]\n\n[taxonomies]\ntags = ["Rust", "Memory"]\n+++\n\nBody.\n',
    );
    expect(diagnostics).toEqual([]);
    expect(post).toMatchObject({
      title: 'Borrowing',
      date: '2019-03-04',
      dateTime: '2019-03-04T10:00:00+01:00',
      updated: '2019-05-01',
      authors: ['Ada', 'Grace'],
      tags: [{ name: 'Rust', slug: 'rust' }, { name: 'Memory', slug: 'memory' }],
      bodyLine: 10,
    });
    expect(post!.body.read()).toBe('\nBody.\n');
  });

  it('reads Hugo lastmod as the updated date and a TOML local date-time as a local time', () => {
    const { post } = check('+++\ntitle = "Hugo"\ndate = 2019-03-04T10:00:00\nlastmod = 2019-04-01T08:00:00Z\ntags = ["a"]\ndraft = false\n+++\nx\n');
    expect(post).toMatchObject({ date: '2019-03-04', dateTime: '2019-03-04T10:00:00', updated: '2019-04-01', draft: false });
  });

  it('reports a syntax error at its line in the file, with a hint', () => {
    const { post, diagnostics } = check('+++\ntitle = "A"\ndate = 2024-01-01\ntags = ["a" "b"]\n+++\nx\n');
    expect(post).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'invalid-front-matter', line: 4 });
    expect(diagnostics[0]!.message).toContain('TOML');
    expect(diagnostics[0]!.hint).toContain('key = value');
  });

  it('reports an unclosed `+++` instead of reading the file as sections', () => {
    const { diagnostics } = check('+++\ntitle = "A"\n');
    expect(codes(diagnostics)).toEqual([['error', 'invalid-front-matter', 1]]);
    expect(diagnostics[0]!.hint).toContain('+++');
  });

  it('names Hugo\'s JSON front matter instead of calling it text before a section', () => {
    const { diagnostics } = check('{\n  "title": "A",\n  "date": "2024-01-01"\n}\nx\n');
    expect(codes(diagnostics)).toEqual([['error', 'invalid-front-matter', 1]]);
    expect(diagnostics[0]!.message).toContain('JSON');
    expect(diagnostics[0]!.hint).toContain('+++');
  });

  it('reads keys in any case, as Hugo does, unless the key is also written in its own spelling', () => {
    const { post, diagnostics } = check('+++\nTitle = "Hugo"\nDate = 2019-03-04\nTags = ["Go"]\nlastMod = 2019-04-01\n+++\nx\n');
    expect(diagnostics).toEqual([]);
    expect(post).toMatchObject({ title: 'Hugo', date: '2019-03-04', tags: [{ name: 'Go', slug: 'go' }], updated: '2019-04-01' });
    const both = check('---\ntitle: A\nTitle: B\ndate: 2019-03-04\n---\nx\n');
    expect(both.post).toMatchObject({ title: 'A' });
    expect(codes(both.diagnostics)).toEqual([['error', 'unknown-field', 3]]);
  });

  it('validates TOML values like YAML ones, at the value\'s line', () => {
    const { diagnostics } = check('+++\ntitle = "A"\ndate = "2024-02-30"\n+++\nx\n');
    expect(codes(diagnostics)).toEqual([['error', 'invalid-date', 3]]);
  });
});

describe('keys of other generators', () => {
  it('reads Jekyll `published: false` as a draft and Hugo `summary` as the description', () => {
    const { post } = check('---\ntitle: A\ndate: 2024-02-01\npublished: false\nsummary: Short.\n---\nx\n');
    expect(post).toMatchObject({ draft: true, description: 'Short.' });
  });

  it('reads a one-word tags string as one tag, and asks for a list when spaces make it ambiguous', () => {
    expect(check('---\ntitle: A\ndate: 2024-02-01\ntags: post\n---\nx\n').post?.tags).toEqual([{ name: 'post', slug: 'post' }]);
    const { diagnostics } = check('---\ntitle: A\ndate: 2024-02-01\ntags: ruby rails\n---\nx\n');
    expect(codes(diagnostics)).toEqual([['error', 'invalid-tags', 4]]);
    expect(diagnostics[0]!.hint).toContain('Jekyll');
  });

  it('reads Jekyll\'s singular `tag` as one tag, spaces and all', () => {
    expect(check('---\ntitle: A\ndate: 2024-02-01\ntag: event sourcing\n---\nx\n').post?.tags).toEqual([{ name: 'event sourcing', slug: 'event-sourcing' }]);
  });

  it('names each key it does not use as ignored, at its line, with a hint', () => {
    const { post, diagnostics } = check('+++\ntitle = "A"\ndate = 2024-02-01\nweight = 3\ncategories = ["x"]\n[extra]\ncomment = true\n+++\nx\n');
    expect(post).toBeDefined();
    expect(codes(diagnostics)).toEqual([['warning', 'ignored-field', 4], ['warning', 'ignored-field', 5], ['warning', 'ignored-field', 6]]);
    expect(diagnostics[1]!.hint).toContain('tags');
  });

  it('keeps a typo of its own keys an error', () => {
    const { diagnostics } = check('---\ntitle: A\ndate: 2024-02-01\nauthrs: [x]\n---\nx\n');
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'unknown-field', line: 4, hint: 'Did you mean `authors`?' });
  });

  it('reports an ignored key once per build, saying how many posts have it', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'hashmark-foreign-'));
    temps.push(root);
    mkdirSync(path.join(root, 'content'));
    for (const name of ['a', 'b', 'c']) {
      writeFileSync(path.join(root, 'content', `${name}.md`), `---\ntitle: ${name}\ndate: 2024-01-01\nlayout: post\n---\nx\n`);
    }
    const { value, diagnostics } = loadPosts({ root, contentDir: 'content' });
    expect(value).toHaveLength(3);
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['ignored-field', 'content/a.md', 4]]);
    expect(diagnostics[0]!.message).toContain('2 more posts');
  });
});

describe('dates as other generators write them', () => {
  it.each([
    ['2019-03-04 10:00:00 +0100', '2019-03-04', '2019-03-04T10:00:00+01:00'],
    ['2019-03-04 10:00', '2019-03-04', '2019-03-04T10:00:00'],
    ['2019-03-04T10:00:00Z', '2019-03-04', '2019-03-04T10:00:00Z'],
    ['2019-03-04 23:30:00 -0500', '2019-03-04', '2019-03-04T23:30:00-05:00'],
    ['2019-03-04T10:00:00.250+05:30', '2019-03-04', '2019-03-04T10:00:00.250+05:30'],
  ])('%s is the calendar date as written, and an instant for feeds', (input, date, dateTime) => {
    expect(parseDate(input)).toEqual({ ok: true, date, dateTime });
  });

  it.each([
    ['2019-03-04 10:00:00 +2500'],
    ['2019-02-29 10:00'],
    ['2019-03-04 10:61'],
  ])('rejects %s', (input) => {
    expect(parseDate(input).ok).toBe(false);
  });

  it('hints at the converted form when a date can be read only one way', () => {
    for (const [input, form] of [['March 4, 2019', '2019-03-04'], ['4 Mar 2019', '2019-03-04'], ['2019/3/4', '2019-03-04'], ['25/12/2019', '2019-12-25']]) {
      expect(dateHint(parseDate(input!))).toContain(`\`${form}\``);
    }
    const { diagnostics } = check('---\ntitle: A\ndate: March 4, 2019\n---\nx\n');
    expect(diagnostics[0]).toMatchObject({ code: 'invalid-date', line: 3 });
    expect(diagnostics[0]!.hint).toContain('`2019-03-04`');
  });

  it('explains Eleventy\'s file-system dates instead of reading file times', () => {
    const parsed = parseDate('git Last Modified');
    expect(parsed.ok ? '' : parsed.problem).toContain('Eleventy');
  });

  it('does not guess an ambiguous date, and says which forms it reads', () => {
    const parsed = parseDate('03/04/2019');
    expect(parsed).toMatchObject({ ok: false });
    expect(parsed.ok ? '' : parsed.problem).toContain('March 4 or April 3');
    expect(dateHint(parsed)).not.toContain('Write `');
    expect(dateHint(parsed)).toContain('YYYY-MM-DD');
  });

  it('takes the date of a post without one from a `YYYY-MM-DD-` file name, as Jekyll does', () => {
    const { post, diagnostics } = check('---\ntitle: A\n---\nx\n', 'content/_posts/2019-03-04-hello-world.md');
    expect(diagnostics).toEqual([]);
    expect(post).toMatchObject({ date: '2019-03-04', slug: 'hello-world' });
    expect(check('#title\nA\n#body\nx\n', 'content/2019-03-04_zola.txt').post).toMatchObject({ date: '2019-03-04', slug: 'zola' });
    // A date in the front matter wins over the file name's.
    expect(check('---\ntitle: A\ndate: 2020-01-01\n---\nx\n', 'content/2019-03-04-x.md').post?.date).toBe('2020-01-01');
  });

  it('titles a Jekyll `_posts/` post without a title after its file name, as Jekyll does, and no other', () => {
    const { post, diagnostics } = check('---\nlayout: post\n---\nx\n', 'content/_posts/2019-03-04-hello-WORLD-again.md');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(post).toMatchObject({ title: 'Hello World Again', date: '2019-03-04', slug: 'hello-world-again' });
    expect(codes(check('---\ndate: 2019-03-04\n---\nx\n', 'content/2019-03-04-hello.md').diagnostics)).toEqual([['error', 'missing-section', 1]]);
  });

  it('reports a file name date that does not exist, and a missing date without one', () => {
    expect(fileNameDate('2019-02-30-x.md')).toMatchObject({ ok: false });
    expect(codes(check('---\ntitle: A\n---\nx\n', 'content/2019-02-30-x.md').diagnostics)).toEqual([['error', 'invalid-date', undefined]]);
    expect(codes(check('---\ntitle: A\n---\nx\n', 'content/x.md').diagnostics)).toEqual([['error', 'missing-section', 1]]);
  });
});

describe('authors', () => {
  it.each([
    ['authors: [Ada, Grace]', ['Ada', 'Grace']],
    ['author: Ada', ['Ada']],
    ['author: [Ada, Ada]', ['Ada']],
    ['author:\n  name: Ada\n  email: ada@example.com', ['Ada']],
    ['authors:\n  - name: Ada\n  - Grace', ['Ada', 'Grace']],
    ['authors: [Ada]\nauthor: Grace', ['Ada', 'Grace']],
  ])('%s', (yaml, names) => {
    const { post, diagnostics } = check(`---\ntitle: A\ndate: 2024-01-01\n${yaml}\n---\nx\n`);
    expect(diagnostics).toEqual([]);
    expect(post?.authors).toEqual(names);
  });

  it('reads `#authors` of the sectioned format, one name per line', () => {
    const { post, diagnostics } = check('#title\nA\n#date\n2024-01-01\n#authors\nAda Lovelace\n  Grace Hopper\n#body\nx\n');
    expect(diagnostics).toEqual([]);
    expect(post?.authors).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });

  it('leaves a post without authors to the site author, and reports an author that is no name', () => {
    expect(check('---\ntitle: A\ndate: 2024-01-01\n---\nx\n').post?.authors).toBeUndefined();
    const { diagnostics } = check('---\ntitle: A\ndate: 2024-01-01\nauthor:\n  email: a@example.com\n---\nx\n');
    expect(codes(diagnostics)).toEqual([['error', 'invalid-authors', 4]]);
    expect(diagnostics[0]!.hint).toContain('author: Ada Lovelace');
  });
});

describe('tags without letters or digits', () => {
  it('keep their own characters as the slug, so two never share one', () => {
    expect(tagSlug('🦀')).toBe('🦀');
    expect(tagSlug('🦀 🚀')).toBe('🦀-🚀');
    expect(tagSlug('🦀')).not.toBe(tagSlug('🚀'));
    expect(tagSlug('++')).toBe('plus-plus');
    expect(tagSlug('🦀!')).toBe('🦀!');
    // Characters no folder name can hold are spelled out, so `🦀/🚀` and `🦀?🚀` stay two tags, and
    // neither can meet a tag of letters (whose slugs never hold `~`).
    expect(tagSlug('🦀/🚀')).toBe('🦀~2f🚀');
    expect(tagSlug('🦀?🚀')).toBe('🦀~3f🚀');
    expect(tagSlug('/')).toBe('~2f');
    expect(tagSlug('2f')).toBe('2f');
    expect(tagSlug('~2f')).toBe('2f');
    // Nothing is left to name a folder: an error, not a slug like `..` or `-`.
    for (const name of ['..', '.', '- -', '-']) expect(tagSlug(name)).toBe('');
  });

  it('are valid tags of a post', () => {
    const { post, diagnostics } = check('---\ntitle: A\ndate: 2024-01-01\ntags: ["🦀", "++", Rust]\n---\nx\n');
    expect(diagnostics).toEqual([]);
    expect(post?.tags.map((t) => t.slug)).toEqual(['🦀', 'plus-plus', 'rust']);
    const dots = check('---\ntitle: A\ndate: 2024-01-01\ntags: [Rust, "..."]\n---\nx\n');
    expect(codes(dots.diagnostics)).toEqual([['error', 'invalid-tags', 4]]);
  });
});

describe('template code of other generators in a body', () => {
  const warnings = (body: string) => templateCodeWarnings(body, 10, 'content/p.md').map((d) => [d.line, d.column, d.message.split('`')[1]]);

  it('warns at each Liquid tag and output, Hugo shortcode and Zola shortcode, with a hint', () => {
    const body = [
      'Intro',
      '{% highlight ruby %}',
      'puts 1',
      '{% endhighlight %}',
      'See [it]({{ site.baseurl }}/x/) and {{ page.title }}.',
      '{% include note.html %} ![a]({{ "/a.png" | relative_url }})',
      '{{< youtube abc >}} {{% note %}}',
      '{{ youtube(id="abc") }}',
    ].join('\n');
    expect(warnings(body)).toEqual([
      [11, 1, '{% highlight ruby %}'],
      [13, 1, '{% endhighlight %}'],
      [14, 10, '{{ site.baseurl }}'],
      [14, 37, '{{ page.title }}'],
      [15, 1, '{% include note.html %}'],
      [15, 30, '{{ "/a.png" | relative_url }}'],
      [16, 1, '{{< youtube abc >}}'],
      [16, 21, '{{% note %}}'],
      [17, 1, '{{ youtube(id="abc") }}'],
    ]);
    const all = templateCodeWarnings(body, 10, 'content/p.md');
    expect(all.every((d) => d.severity === 'warning' && d.code === 'template-code' && d.file === 'content/p.md')).toBe(true);
    expect(all[0]!.hint).toContain('fenced code block');
    expect(all[2]!.hint).toContain('base path');
    expect(all[6]!.message).toContain('Hugo shortcode');
    expect(all[8]!.message).toContain('Zola shortcode');
  });

  it('leaves template code in fenced, indented and inline code alone, except raw and endraw', () => {
    const body = [
      'Write `{{ page.title }}` or ``{% if x %}``.',
      '',
      '```liquid',
      '{% raw %}{{ page.title }}{% endraw %}',
      '```',
      '',
      '    {% include x.html %}',
      '',
      '~~~',
      '{{< shortcode >}}',
      '~~~',
      '`{% raw %}`',
    ].join('\n');
    expect(warnings(body)).toEqual([
      [13, 1, '{% raw %}'],
      [13, 26, '{% endraw %}'],
      [21, 2, '{% raw %}'],
    ]);
  });

  it('come from validation with the file\'s own lines', () => {
    const { post, diagnostics } = check('---\ntitle: A\ndate: 2024-01-01\n---\n\n{% raw %}\nx\n');
    expect(post).toBeDefined();
    expect(codes(diagnostics)).toEqual([['warning', 'template-code', 6]]);
    expect(diagnostics[0]!.hint).toContain('remove');
  });
});
