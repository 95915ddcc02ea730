import { Liquid, type Template } from '../../../src/vendor/liquid.js';
import { describe, expect, it } from 'vitest';
import { CompiledTemplates } from '../../../src/render/liquid-compile/compiler.js';
import { LIQUID_OPTIONS } from '../../../src/render/page-renderer.js';
import { jsonForScript } from '../../../src/render/json-script.js';

/**
 * Each construct the compiled path mirrors, rendered by it and by LiquidJS from the same parse: the
 * texts must be identical, and the compiled path must really have run (not handed over).
 */

interface Engine {
  liquid: Liquid;
  compiled: CompiledTemplates;
  parsed: Map<string, Template[]>;
}

const dateDisplay = (value: unknown): string => `[${String(value)}]`;
const jsonScript = (value: unknown): string => jsonForScript(value);

/** An engine set up as the page renderer's, over these template files (name → source). */
function engine(files: Record<string, string>): Engine {
  const parsed = new Map<string, Template[]>();
  const name = (key: string): string => key.replace(/^(root|partials|layouts):/, '').replace(/\.liquid$/, '');
  const liquid = new Liquid({
    templates: Object.fromEntries(Object.entries(files).map(([file, source]) => [`${file}.liquid`, source])),
    extname: '.liquid',
    cache: {
      read: (key: string) => parsed.get(name(key)),
      write: (key: string, value: Template[] | Promise<Template[]>) => {
        if (Array.isArray(value)) parsed.set(name(key), value);
      },
      remove: () => undefined,
    },
    ...LIQUID_OPTIONS,
  });
  liquid.registerFilter('date_display', dateDisplay);
  liquid.registerFilter('json_script', { handler: jsonScript, raw: true });
  for (const [file, source] of Object.entries(files)) parsed.set(file, liquid.parse(source, `${file}.liquid`));
  const compiled = new CompiledTemplates(liquid, { lookup: (kind, file) => parsed.get(name(`${kind}:${file}`)), pureFilters: [dateDisplay, jsonScript] });
  return { liquid, compiled, parsed };
}

/** Renders `main` both ways; returns the text after checking they agree and the compiled path ran. */
function same(files: Record<string, string>, data: object = {}): string {
  const { liquid, compiled, parsed } = engine(files);
  const templates = parsed.get('main')!;
  const fast = compiled.get(templates);
  expect(fast, 'compiled').toBeDefined();
  const reference = liquid.renderSync(templates, structuredClone(data)) as string;
  expect(fast!(structuredClone(data))).toBe(reference);
  return reference;
}

/** One template file `main`. */
function one(source: string, data: object = {}): string {
  return same({ main: source }, data);
}

/** The compiled render throws (hands over) where LiquidJS throws: the page goes to LiquidJS. */
function handsOver(source: string, data: object = {}): void {
  const { liquid, compiled, parsed } = engine({ main: source });
  const fast = compiled.get(parsed.get('main')!);
  expect(fast).toBeDefined();
  expect(() => fast!(data)).toThrow();
  expect(() => liquid.renderSync(parsed.get('main')!, data)).toThrow();
}

const post = { title: 'A <b>bold</b> & "quoted" title', tags: [{ name: 'Kafka' }, { name: 'Rust & C' }], words: 900, draft: false, updated: null };

describe('outputs', () => {
  it('escape every value by default and write values as LiquidJS does', () => {
    const text = one('{{ s }}|{{ n }}|{{ f }}|{{ z }}|{{ t }}|{{ no }}|{{ nothing }}|{{ list }}|{{ nested }}|{{ obj }}|{{ big }}', {
      s: `<a href="x">'&'</a>`, n: 42, f: 1.5, z: 0, t: true, no: false, nothing: null, list: ['a<', 1, null, true], nested: [['x', ['y']], 'z'], obj: { a: 1 }, big: 1e21,
    });
    expect(text).toContain('&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;|42|1.5|0|true|false||a&lt;1true|xyz|[object Object]|');
  });

  it('escape as LiquidJS does with or without characters to escape, and every kind of value', () => {
    const values = {
      plain: 'Plain words, no markup', special: `&<>"'`, mixed: `a&b<c>d"e'f`, already: '&amp;&lt;', empty: '', unicode: 'Café — “quotes” ✓ <',
      n: -3.25, zero: 0, t: true, f: false, nothing: null, list: ['x&', ['<y>', null], 7], obj: { a: '<' },
    };
    const outputs = Object.keys(values).map((key) => `{{ ${key} }}|{{ ${key} | escape }}|{{ ${key} | escape | escape }}|{% echo ${key} %}`);
    const text = one(outputs.join('\n') + '\n{{ nil }}|{{ empty | escape }}|{% for i in (1..2) %}{{ forloop }}{% endfor %}', values);
    expect(text).toContain('Plain words, no markup|Plain words, no markup|');
    // An explicit `escape` is escaped again by the output's own.
    expect(text).toContain('&amp;&lt;&gt;&#34;&#39;|&amp;amp;&amp;lt;&amp;gt;&amp;#34;&amp;#39;|');
    expect(text).toContain('x&amp;&lt;y&gt;7|x&amp;amp;&amp;lt;y&amp;gt;7|');
  });

  it('pass a filter its arguments in order, one, two or more', () => {
    one(
      '{{ s | append: a }}|{{ s | replace: a, b }}|{{ s | slice: 1, 3 }}|{{ s | truncate: 5, "…" }}|{{ list | concat: more | join: sep }}|{{ s | default: a, true }}',
      { s: 'hello&world', a: '&', b: '<and>', list: ['x'], more: ['y', 'z'], sep: ' & ' },
    );
  });

  it('write a raw value as LiquidJS writes it: arrays joined, nil empty', () => {
    expect(one('{{ list | raw }}|{{ n | raw }}|{{ nothing | raw }}|{{ nil | raw }}|{{ t | raw }}', { list: ['a', ['b', null], 1], n: 2.5, nothing: null, t: true })).toBe('ab1|2.5|||true');
  });

  it('leave a raw value unescaped, and escape after any other last filter', () => {
    expect(one('{{ s | raw }}|{{ s | upcase }}|{{ s | raw | upcase }}|{{ data | json_script }}|{{ data | json }}', { s: '<i>x</i>', data: { a: '</script>' } })).toBe(
      '<i>x</i>|&lt;I&gt;X&lt;/I&gt;|&lt;I&gt;X&lt;/I&gt;|{"a":"\\u003c/script\\u003e"}|{&#34;a&#34;:&#34;&lt;/script&gt;&#34;}',
    );
  });

  it('call the filters the themes use, with their arguments', () => {
    one(
      [
        '{{ tags | size }} {{ title | size }} {{ missing_ok | default: "none" }} {{ empty | default: "e" }} {{ names | join: ", " }}',
        '{{ "2024-02-05" | date: "%Y/%m/%d" }} {{ d | date_display }} {{ title | append: "!" | prepend: "> " }} {{ title | downcase }}',
        '{{ names | first }} {{ names | last }} {{ 3 | plus: 4 | times: 2 }} {{ tags | map: "name" | join: "+" }} {{ names | sort | join }}',
        '{{ title | truncate: 8 }} {{ title | replace: "A", "The" }} {{ title | split: " " | size }} {{ n | divided_by: 4 }} {{ title | slugify }}',
      ].join('\n'),
      { tags: post.tags, title: post.title, missing_ok: null, empty: '', names: ['b', 'a', 'c'], d: '2024-02-05', n: 10 },
    );
  });

  it('read sizes, first and last, indexes and keys as LiquidJS does', () => {
    one('{{ list.size }} {{ list.first }} {{ list.last }} {{ list[0] }} {{ list[-1] }} {{ s.size }} {{ obj.size }} {{ obj["a b"] }} {{ obj[key] }} {{ list[obj.i] }}', {
      list: ['x', 'y', 'z'], s: 'hello', obj: { 'a b': 'spaced', k: 'by key', i: 1 }, key: 'k',
    });
    one('{{ withSize.size }} {{ size }} {{ map.first }}', { withSize: { size: 7 }, map: { first: 'own first' } });
  });

  it('apply whitespace control on either side', () => {
    expect(one('a  \n  {%- if true -%}  \n b \n  {%- endif -%}  \n c {{- x -}} d', { x: 'X' })).toBe('abcXd');
  });
});

describe('tags', () => {
  it('if, elsif and else, with Liquid truthiness (only false and nil are falsy)', () => {
    const source = '{% for v in values %}[{% if v %}T{% elsif v == false %}F{% else %}N{% endif %}]{% endfor %}';
    expect(one(source, { values: [0, '', [], false, null, 'x', {}] })).toBe('[T][T][T][F][N][T][T]');
  });

  it('unless with elsif and else', () => {
    expect(one('{% for v in values %}{% unless v > 2 %}a{% elsif v == 3 %}b{% else %}c{% endunless %}{% endfor %}', { values: [1, 3, 5] })).toBe('abc');
  });

  it('case and when, several values and several matching branches as LiquidJS renders them', () => {
    const source = '{% for v in values %}{% case v %}{% when 1, 2 %}low{% when 2 or 3 %}mid{% when "x" %}x{% else %}other{% endcase %};{% endfor %}';
    expect(one(source, { values: [1, 2, 3, 'x', 9] })).toBe('low;lowmid;mid;x;other;');
  });

  it('operators, with and/or evaluated right to left and both sides read', () => {
    one(
      [
        '{% if a == 1 and b != 2 or c %}1{% endif %}{% if s contains "ell" %}2{% endif %}{% if list contains "y" %}3{% endif %}',
        '{% if n > 1 and n >= 2 and n < 3 and n <= 2 %}4{% endif %}{% if not_there == nil %}5{% endif %}{% if e == empty %}6{% endif %}',
        '{% if blank_s == blank %}7{% endif %}{% if list != empty %}8{% endif %}{% if list == other %}9{% endif %}{% if true and false or true %}10{% endif %}',
      ].join(''),
      { a: 1, b: 3, c: false, s: 'hello', list: ['x', 'y'], other: ['x', 'y'], n: 2, not_there: null, e: '', blank_s: '  ' },
    );
    // Liquid reads both operands of `or` before deciding, so a missing one fails even after a true one.
    handsOver('{% if true or missing %}x{% endif %}');
  });

  it('for with every forloop field, else, ranges and modifiers', () => {
    const fields = '{{ forloop.index }}{{ forloop.index0 }}{{ forloop.rindex }}{{ forloop.rindex0 }}{{ forloop.first }}{{ forloop.last }}{{ forloop.length }}';
    one(`{% for x in list %}${fields}{{ x }};{% endfor %}{% for x in none %}no{% else %}empty{% endfor %}`, { list: ['a', 'b', 'c'], none: [] });
    one('{% for i in (1..5) limit: 2 offset: 1 %}{{ i }}{% endfor %}|{% for i in (a..b) reversed %}{{ i }}{% endfor %}|{% for i in list offset: continue %}{{ i }}{% endfor %}', {
      a: 2, b: 4, list: [1, 2, 3],
    });
    one('{% for pair in obj %}{{ pair[0] }}={{ pair[1] }};{% endfor %}{% for c in s %}[{{ c }}]{% endfor %}{% for x in list %}{{ forloop }}{% endfor %}', {
      obj: { a: 1, b: 2 }, s: 'str', list: [1],
    });
    one('{% for a in outer %}{% for b in a %}{{ forloop.index }}{{ b }}{% endfor %}{{ forloop.index }};{% endfor %}', { outer: [['x', 'y'], ['z']] });
  });

  it('offset: continue after loops with and without arguments, as LiquidJS keeps the register', () => {
    const text = one(
      '{% for x in list limit: 2 %}{{ x }}{% endfor %}|{% for x in list offset: continue limit: 1 %}{{ x }}{% endfor %}|' +
        '{% for x in list %}{{ x }}{% endfor %}|{% for x in list offset: continue %}{{ x }}{% endfor %}|{% for x in list reversed %}{{ x }}{% endfor %}',
      { list: ['a', 'b', 'c', 'd'] },
    );
    expect(text).toBe('ab|c|abcd||dcba');
  });

  it('break and continue, in nested tags, includes and captures, as LiquidJS stops its template lists', () => {
    expect(one('{% for x in list %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 4 %}{% break %}after{% endif %}[{{ x }}]{% endfor %}|{{ forloop }}', { list: [1, 2, 3, 4, 5], forloop: 'top' })).toBe(
      '[1][3]|top',
    );
    same({ main: '{% for x in list %}{% include "part" %}<{{ x }}>{% endfor %}end', part: '{% if x > 1 %}{% break %}{% endif %}p' }, { list: [1, 2, 3] });
    one('{% for a in outer %}{% for b in a %}{% if b == 2 %}{% break %}{% endif %}{{ b }}{% endfor %};{% endfor %}', { outer: [[1, 2, 3], [4, 2]] });
    one('{% for x in list %}{% capture c %}a{% break %}b{% endcapture %}{{ c }}{% endfor %}', { list: [1, 2] });
    one('{% case 1 %}{% when 1 %}a{% break %}b{% when 1 %}c{% endcase %}d{% for x in list %}{{ x }}{% endfor %}', { list: [1, 2] });
    one('x{% break %}y{% if true %}z{% endif %}', {});
    same({ main: '{% render "r" for list as x %}|{% render "r" with 1 as x %}', r: '{{ x }}{% break %}after' }, { list: [1, 2] });
  });

  it('assign and capture write the outermost scope, seen after a loop', () => {
    expect(one('{% for x in list %}{% assign last = x %}{% capture c %}<{{ x }}>{% endcapture %}{% endfor %}{{ last }}{{ c }}{% assign t = "a" | upcase %}{{ t }}', { list: [1, 2] })).toBe(
      '2&lt;2&gt;A',
    );
    // A loop variable hides an assigned one of the same name inside the loop only.
    one('{% assign x = "outer" %}{% for x in list %}{{ x }}{% endfor %}{{ x }}', { list: [1] });
  });

  it('nil, empty and blank as values and in comparisons', () => {
    one(
      '{% assign card = null %}{% if card %}a{% else %}b{% endif %}{{ card }}{% if card == nil %}c{% endif %}{% if s contains nil %}d{% endif %}' +
        '{% if list == empty %}e{% endif %}{% if obj == empty %}f{% endif %}{% if nothing == blank %}g{% endif %}{{ nothing | default: empty }}{% if empty == empty %}h{% endif %}',
      { s: 'null', list: [], obj: {}, nothing: null },
    );
  });

  it('echo, escaped unless its last filter is raw', () => {
    expect(one('{% echo s %}|{% echo s | raw %}|{% echo s | upcase %}|{% echo list %}|{% echo %}|{%- echo n | plus: 1 -%}', { s: '<b>', list: ['a', '<'], n: 1 })).toBe(
      '&lt;b&gt;|<b>|&lt;B&gt;|a&lt;||2',
    );
  });

  it('comment, inline comment and raw', () => {
    expect(one('a{% comment %}{{ gone }}{% endcomment %}b{% # note %}c{% raw %}{{ kept }}{% endraw %}')).toBe('abc{{ kept }}');
  });
});

describe('include, render and layout', () => {
  it('include shares the scope both ways; its arguments sit on top', () => {
    const text = same({ main: '{% assign a = "A" %}{% include "part", extra: b %}{{ set_inside }}', part: '{{ a }}{{ extra }}{{ b }}{% assign set_inside = "S" %}' }, { b: 'B' });
    expect(text).toBe('ABBS');
  });

  it('include with a value names it after the partial', () => {
    expect(same({ main: '{% include "card" with item %}|{% include "card" with item, extra: 1 %}', card: '{{ card.title }}{{ extra }}' }, { item: { title: 'T' }, extra: 'E' })).toBe('TE|T1');
  });

  it('render sees only its arguments, and its assigns stay inside', () => {
    expect(same({ main: '{% for p in list %}{% render "card", p: p, n: forloop.index %}{% endfor %}{{ mine }}', card: '{{ n }}:{{ p.title }}{% assign mine = "no" %};' }, { list: [{ title: 'x' }, { title: 'y' }], mine: 'kept' })).toBe(
      '1:x;2:y;kept',
    );
    // The caller's variables are not there: a strict undefined, LiquidJS's error.
    const { liquid, compiled, parsed } = engine({ main: '{% render "card" %}', card: '{{ outside }}' });
    expect(() => compiled.get(parsed.get('main')!)!({ outside: 1 })).toThrow();
    expect(() => liquid.renderSync(parsed.get('main')!, { outside: 1 })).toThrow(/undefined variable: outside/);
  });

  it('render with a value, and render for each item of a list', () => {
    const text = same(
      {
        main: '{% render "a" with first %}|{% render "b" with first as item, n: 1 %}|{% render "c" for list as item, n: 2 %}|{% render "d" for list %}',
        a: '{{ a.title }}',
        b: '{{ item.title }}{{ n }}',
        c: '{{ item.title }}{{ n }}{{ forloop.index }}/{{ forloop.length }};',
        d: '{{ forloop.index }}{{ forloop.name }};',
      },
      { first: { title: 'F' }, list: [{ title: 'a' }, { title: 'b' }] },
    );
    expect(text).toBe('F|F1|a21/2;b22/2;|1undefined-list;2undefined-list;');
  });

  it('layout with blocks: overrides, defaults, text outside blocks and layout arguments', () => {
    const files = {
      main: '{% layout "base", who: name %}ignored {{ name }}{% block title %}Child {{ name }}{% endblock %}{% block body %}B{% assign late = "L" %}{% endblock %}',
      base: '<t>{% block title %}Default{% endblock %}</t>{% block body %}{% endblock %}{% block side %}side {{ who }}{% endblock %}{{ late }}{% block %}{% endblock %}',
    };
    expect(same(files, { name: 'N' })).toBe('<t>Child N</t>Bside NLignored N');
  });

  it('a layout of a layout', () => {
    same({
      main: '{% layout "mid" %}{% block a %}child-a{% endblock %}',
      mid: '{% layout "top" %}{% block a %}mid-a{% endblock %}{% block b %}mid-b{% endblock %}',
      top: '[{% block a %}top-a{% endblock %}|{% block b %}top-b{% endblock %}|{% block c %}top-c{% endblock %}]',
    });
  });

  it('blocks inside an include render in place', () => {
    same({ main: '{% layout "base" %}{% block x %}X{% endblock %}', base: '{% block x %}{% endblock %}{% include "part" %}', part: '{% block y %}part-y{% endblock %}' });
  });
});

describe('handing over and falling back', () => {
  it('a strict undefined, a filter error or a block.super throws, so LiquidJS renders the page', () => {
    handsOver('{{ post.titel }}', { post });
    handsOver('{{ missing }}');
    handsOver('{{ list | join: "," | date: 5 | append: nothing }}', { list: [] });
    const { compiled, parsed } = engine({ main: '{% layout "base" %}{% block a %}{{ block.super }}!{% endblock %}', base: '{% block a %}base{% endblock %}' });
    expect(() => compiled.get(parsed.get('main')!)!({})).toThrow();
  });

  it('a tag or filter outside the set makes the whole tree use LiquidJS, and only that tree', () => {
    const { compiled, parsed } = engine({
      main: '{% include "part" %}',
      part: '{% increment counter %}{{ counter }}',
      other: '{% render "clean" %}',
      clean: 'ok',
      filtered: '{{ list | where_exp: "x", "x > 1" }}',
      cycled: '{% cycle "a", "b" %}',
    });
    expect(compiled.get(parsed.get('main')!)).toBeUndefined();
    expect(compiled.get(parsed.get('filtered')!)).toBeUndefined();
    expect(compiled.get(parsed.get('cycled')!)).toBeUndefined();
    expect(compiled.get(parsed.get('other')!)!({})).toBe('ok');
  });

  it('a filter registered by a plugin is not called by the compiled path', () => {
    const { liquid, parsed } = engine({ main: 'x' });
    liquid.registerFilter('shout', (v: unknown) => String(v).toUpperCase());
    const templates = liquid.parse('{{ "a" | shout }}');
    parsed.set('plugin', templates);
    const compiled = new CompiledTemplates(liquid, { lookup: () => undefined });
    expect(compiled.get(templates)).toBeUndefined();
  });

  it('an engine option the closures do not mirror turns the compiled path off', () => {
    const liquid = new Liquid({ ...LIQUID_OPTIONS, lenientIf: true });
    const compiled = new CompiledTemplates(liquid, { lookup: () => undefined });
    expect(compiled.get(liquid.parse('plain {{ x }}'))).toBeUndefined();
  });

  it('a partial that includes itself compiles, and renders as deep as LiquidJS does', () => {
    same({ main: '{% include "tree", node: root %}', tree: '({{ node.name }}{% for child in node.children %}{% include "tree", node: child %}{% endfor %})' }, {
      root: { name: 'a', children: [{ name: 'b', children: [] }, { name: 'c', children: [{ name: 'd', children: [] }] }] },
    });
  });
});
