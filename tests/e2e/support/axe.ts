import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeFinding {
  id: string;
  impact: string;
  targets: string[];
  summary: string;
}

export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? 'unknown',
    targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    summary: `${v.id} (${v.impact ?? '?'}): ${v.help} at ${v.nodes
      .slice(0, 5)
      .map((n) => n.target.map(String).join(' '))
      .join(', ')}`,
  }));
}
