import type { Page } from 'playwright-core';

export interface TokenContrast {
  text: string;
  className: string;
  color: string;
  background: string;
  ratio: number;
}

/**
 * Contrast of every highlighted token and plain code text in `pre code`, against the background actually
 * painted behind it (the nearest ancestor with a background colour), computed by the browser's own styles.
 */
export function codeContrasts(page: Page): Promise<TokenContrast[]> {
  return page.evaluate(() => {
    const parse = (value: string): [number, number, number, number] => {
      const m = value.match(/rgba?\(([^)]+)\)/);
      if (!m) throw new Error(`unexpected colour ${value}`);
      const parts = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
      return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
    };
    const luminance = ([r, g, b]: number[]): number => {
      const lin = (c: number): number => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    const backgroundOf = (element: Element): [number, number, number, number] => {
      for (let node: Element | null = element; node; node = node.parentElement) {
        const bg = parse(getComputedStyle(node).backgroundColor);
        if (bg[3] > 0) return bg;
      }
      return [255, 255, 255, 1];
    };
    const out: TokenContrast[] = [];
    const elements = [...document.querySelectorAll('pre code, pre code [class]')];
    for (const element of elements) {
      const ownText = [...element.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (!ownText) continue;
      const style = getComputedStyle(element);
      const fg = parse(style.color);
      const bg = backgroundOf(element);
      // Composite a translucent foreground over its background, as the screen does.
      const blended = [0, 1, 2].map((i) => fg[i]! * fg[3] + bg[i]! * (1 - fg[3]));
      const [l1, l2] = [luminance(blended), luminance(bg)].sort((a, b) => b - a) as [number, number];
      out.push({
        text: ownText.slice(0, 30),
        className: element.className,
        color: style.color,
        background: `rgb(${bg.slice(0, 3).join(', ')})`,
        ratio: (l1 + 0.05) / (l2 + 0.05),
      });
    }
    return out;
  });
}

export interface FocusReport {
  /** Visible links on the page, in document order (href + text). */
  links: string[];
  /** Links that Tab never reached. */
  unreached: string[];
  /** Links whose focused style looked the same as their unfocused style, or had no indicator. */
  noIndicator: string[];
}

/**
 * Presses Tab from the top of the page until focus leaves the document or comes round again, and checks that
 * every visible link was reached and, while focused, drew an outline or box-shadow it does not have unfocused.
 */
export async function tabThroughLinks(page: Page): Promise<FocusReport> {
  const links = await page.evaluate(() => {
    const all = [...document.querySelectorAll<HTMLAnchorElement>('a[href]')];
    const visible = all.filter((a) => a.getClientRects().length > 0 && getComputedStyle(a).visibility !== 'hidden');
    visible.forEach((a, i) => a.setAttribute('data-e2e-link', String(i)));
    const indicator = (a: Element): string => {
      const s = getComputedStyle(a);
      return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow} | ${s.textDecorationLine} ${s.backgroundColor}`;
    };
    const w = window as unknown as { __e2eUnfocused: string[] };
    w.__e2eUnfocused = visible.map(indicator);
    return visible.map((a) => `${a.getAttribute('href')} "${(a.textContent ?? '').trim().slice(0, 40)}"`);
  });
  const reached = new Set<number>();
  const noIndicator: string[] = [];
  // A page shows each link once per Tab; twice the link count (plus slack) means focus is stuck.
  for (let step = 0; step < links.length * 2 + 10; step++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate(() => {
      const active = document.activeElement;
      if (!active || active === document.body) return { index: -1, ok: true, focusVisible: false };
      const index = Number(active.getAttribute('data-e2e-link') ?? '-2');
      const s = getComputedStyle(active);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
      const shadow = s.boxShadow !== 'none';
      const now = `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} | ${s.boxShadow} | ${s.textDecorationLine} ${s.backgroundColor}`;
      const before = (window as unknown as { __e2eUnfocused: string[] }).__e2eUnfocused[index];
      return { index, ok: (outline || shadow) && now !== before, focusVisible: active.matches(':focus-visible') };
    });
    if (state.index === -1) {
      if (reached.size > 0) break;
      continue;
    }
    if (state.index < 0) continue;
    if (reached.has(state.index)) break;
    reached.add(state.index);
    if (!state.ok || !state.focusVisible) noIndicator.push(links[state.index]!);
  }
  return {
    links,
    unreached: links.filter((_, i) => !reached.has(i)),
    noIndicator,
  };
}

/** `document.documentElement.scrollWidth`: more than the viewport width means the page scrolls sideways. */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}
