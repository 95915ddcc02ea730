import fc from 'fast-check';
import { Liquid, type Template } from '../../../src/vendor/liquid.js';
import { describe, expect, it } from 'vitest';
import { CompiledTemplates } from '../../../src/render/liquid-compile/compiler.js';
import { LIQUID_OPTIONS } from '../../../src/render/page-renderer.js';

/**
 * Random templates of the compiled set over random data: the compiled render may only ever give
 * LiquidJS's exact text, or throw (hand over). Every template LiquidJS rejects at render time must
 * be handed over.
 */

const VARIABLES = ['s', 'n', 'f', 'yes', 'no', 'nothing', 'list', 'list.size', 'list.first', 'list.last', 'list[0]', 'list[-1]', 'obj.x', 'obj["y z"]', 'obj.size', 'obj.list', 'empty_s', 'missing', 'obj.missing', 's.size'];
const LITERALS = ['"a"', '"<&>"', "'x'", '0', '1', '2.5', '-3', 'true', 'false', 'nil', 'empty', 'blank', '(1..3)'];
const FILTERS = ['size', 'default: "d"', 'join: ","', 'append: "!"', 'upcase', 'first', 'last', 'plus: 1', 'escape', 'raw', 'json', 'downcase', 'reverse', 'slice: 1', 'strip', 'sort'];
const OPERATORS = ['==', '!=', '<', '>', '<=', '>=', 'contains', 'and', 'or'];

const atom = fc.oneof(fc.constantFrom(...VARIABLES), fc.constantFrom(...LITERALS));
const filtered = fc.tuple(atom, fc.array(fc.constantFrom(...FILTERS), { maxLength: 3 })).map(([a, fs]) => [a, ...fs].join(' | '));
const condition = fc.oneof(
  atom,
  fc.tuple(atom, fc.constantFrom(...OPERATORS), atom).map((parts) => parts.join(' ')),
  fc.tuple(atom, fc.constantFrom(...OPERATORS), atom, fc.constantFrom('and', 'or'), atom, fc.constantFrom('==', 'contains'), atom).map((parts) => parts.join(' ')),
);
const dash = fc.constantFrom('', '-');
const text = fc.constantFrom('', 'x', ' ', '\n', '  a  \n', '<p>', '&amp;');

const { node } = fc.letrec<{ node: string; body: string }>((tie) => ({
  body: fc.array(tie('node'), { maxLength: 4 }).map((nodes) => nodes.join('')),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.tuple(dash, filtered, dash).map(([l, v, r]) => `{{${l} ${v} ${r}}}`),
    filtered.map((v) => `{% echo ${v} %}`),
    fc.tuple(condition, tie('body'), tie('body'), fc.boolean()).map(([c, a, b, hasElse]) => `{% if ${c} %}T${a}${hasElse ? `{% elsif ${c} %}E${b}{% else %}F` : ''}{% endif %}`),
    fc.tuple(condition, tie('body'), tie('body')).map(([c, a, b]) => `{%- unless ${c} -%}U${a}{% else %}V${b}{% endunless %}`),
    fc.tuple(atom, atom, atom, tie('body'), tie('body')).map(([v, w1, w2, a, b]) => `{% case ${v} %}{% when ${w1}, ${w2} %}${a}{% when ${w2} %}w{% else %}${b}{% endcase %}`),
    fc.tuple(fc.constantFrom('list', 'obj', 's', '(1..4)', 'obj.list', 'nothing', 'n'), fc.constantFrom('', ' limit: 2', ' reversed', ' offset: 1'), tie('body')).map(
      ([c, m, b]) => `{% for it in ${c}${m} %}{{ it }}{{ forloop.index }}{% if forloop.last %}L{% endif %}${b}{% else %}none{% endfor %}`,
    ),
    fc.tuple(condition, fc.constantFrom('break', 'continue')).map(([c, tag]) => `{% if ${c} %}{% ${tag} %}{% endif %}`,
    ),
    fc.tuple(fc.constantFrom('v', 's', 'list'), filtered).map(([k, v]) => `{% assign ${k} = ${v} %}{{ ${k} }}`),
    fc.tuple(tie('body')).map(([b]) => `{% capture cap %}${b}{% endcapture %}[{{ cap }}]`),
    fc.constantFrom('{% include "part" %}', '{% include "part", s: n %}', '{% render "isolated", s: list %}', '{% raw %}{{ raw }}{% endraw %}', '{% comment %}c{% endcomment %}'),
  ),
}));

const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('<a href="x">', "it's", '&', '', 'a', 'x', '<&>'), fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, min: -10, max: 10 }), fc.boolean(), fc.constant(null));
const data = fc.record({
  s: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('hello', '<b>&</b>', '', 'a', 'xa', 'x', '<&>', '1', 'true')),
  n: fc.integer({ min: -3, max: 5 }),
  f: fc.double({ noNaN: true, min: -2, max: 2 }),
  yes: fc.constant(true),
  no: fc.constant(false),
  nothing: fc.constant(null),
  empty_s: fc.constant(''),
  list: fc.array(scalar, { maxLength: 4 }),
  obj: fc.record({ x: scalar, 'y z': scalar, list: fc.array(scalar, { maxLength: 3 }) }, { requiredKeys: ['x', 'list'] }),
});

function engine(main: string): { liquid: Liquid; compiled: CompiledTemplates; templates: Template[] } | undefined {
  const files: Record<string, string> = { main, part: '({{ s }}{% assign inner = "i" %})', isolated: '<{{ s | join: "," }}>' };
  const parsed = new Map<string, Template[]>();
  const liquid = new Liquid({ templates: Object.fromEntries(Object.entries(files).map(([k, v]) => [`${k}.liquid`, v])), extname: '.liquid', ...LIQUID_OPTIONS });
  try {
    for (const [file, source] of Object.entries(files)) parsed.set(file, liquid.parse(source, `${file}.liquid`));
  } catch {
    return undefined;
  }
  const compiled = new CompiledTemplates(liquid, { lookup: (_kind, file) => parsed.get(file) });
  return { liquid, compiled, templates: parsed.get('main')! };
}

function attempt(run: () => string): { ok: true; text: string } | { ok: false } {
  try {
    return { ok: true, text: run() };
  } catch {
    return { ok: false };
  }
}

describe('random templates', () => {
  it('render compiled to LiquidJS’s text, or hand over', () => {
    let compiledRenders = 0;
    let handedOver = 0;
    fc.assert(
      fc.property(node, node, data, (a, b, input) => {
        const setup = engine(a + b);
        if (!setup) return;
        const fast = setup.compiled.get(setup.templates);
        expect(fast).toBeDefined();
        const reference = attempt(() => setup.liquid.renderSync(setup.templates, structuredClone(input)) as string);
        const mine = attempt(() => fast!(structuredClone(input)));
        if (mine.ok) {
          compiledRenders++;
          expect(reference).toEqual(mine);
        } else {
          handedOver++;
        }
      }),
      { numRuns: 1500, seed: 20261207 },
    );
    // Most renders must really be compiled, or this proves nothing.
    expect(compiledRenders).toBeGreaterThan(handedOver);
  });
});
