import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const css = readFileSync(fileURLToPath(new URL('../../../templates/assets/theme.css', import.meta.url)), 'utf8');

/** Reads `--name: #hex;` declarations of the first `:root { … }` block in `text`. */
function palette(text: string): Map<string, string> {
  const block = /:root\s*\{([^}]*)\}/.exec(text);
  if (!block?.[1]) throw new Error('no :root block');
  const vars = new Map<string, string>();
  for (const m of block[1].matchAll(/--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)) vars.set(m[1]!, m[2]!.toLowerCase());
  return vars;
}

const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
const light = palette(css.slice(0, darkStart));
const dark = palette(css.slice(darkStart));

/** WCAG 2.x relative luminance of an sRGB colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const tokenColours = ['keyword', 'string', 'comment', 'title', 'number', 'builtin', 'tag', 'meta'].map((t) => `hl-${t}`);

/** Text colour → backgrounds it is drawn on. */
const textPairs: Array<[string, string[]]> = [
  ['fg', ['bg', 'surface']],
  ['muted', ['bg', 'surface']],
  ['link', ['bg', 'surface']],
  ['link-visited', ['bg', 'surface']],
  ['tag-fg', ['tag-bg']],
  ['badge-fg', ['badge-bg']],
  ['code-fg', ['code-bg']],
  ['hl-addition', ['hl-addition-bg']],
  ['hl-deletion', ['hl-deletion-bg']],
  ...tokenColours.map((t): [string, string[]] => [t, ['code-bg']]),
];

describe.each([
  ['light', light],
  ['dark', dark],
])('the %s palette', (_name, colours) => {
  it('declares every colour the checks need', () => {
    for (const [fg, bgs] of textPairs) for (const name of [fg, ...bgs]) expect(colours.get(name), name).toMatch(/^#/);
  });

  it.each(textPairs)('draws %s text at WCAG AA contrast (4.5:1) on its backgrounds', (fg, bgs) => {
    for (const bg of bgs) {
      const ratio = contrast(colours.get(fg)!, colours.get(bg)!);
      expect(ratio, `${fg} on ${bg} = ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('draws the focus ring and the featured border at 3:1 against the page (non-text contrast)', () => {
    expect(contrast(colours.get('focus')!, colours.get('bg')!)).toBeGreaterThanOrEqual(3);
    expect(contrast(colours.get('focus')!, colours.get('surface')!)).toBeGreaterThanOrEqual(3);
    expect(contrast(colours.get('accent')!, colours.get('bg')!)).toBeGreaterThanOrEqual(3);
  });
});

describe('the contrast check itself', () => {
  it('computes the WCAG ratios of known pairs', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('reads two different palettes from the theme', () => {
    expect(light.get('bg')).not.toBe(dark.get('bg'));
    expect(light.size).toBeGreaterThan(20);
    expect(dark.size).toBeGreaterThan(20);
  });
});
