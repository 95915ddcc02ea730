import { z } from '../vendor/zod.js';

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * `authors`/`author` as generators write them: a name, a list of names, or mappings with a `name`
 * (Jekyll's jekyll-seo-tag, Hugo themes). Names are trimmed and listed once, in the order written.
 */
export function authorsSchema(label: string) {
  const one = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value.trim();
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const name = (value as Record<string, unknown>).name;
      return typeof name === 'string' ? name.trim() : undefined;
    }
    return undefined;
  };
  return z.unknown().transform((value, ctx) => {
    const names: string[] = [];
    for (const item of Array.isArray(value) ? value : [value]) {
      const name = one(item);
      if (name === undefined || name === '' || CONTROL.test(name)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a name, a list of names or a mapping with a \`name\`; one author is ${describe(item)}.` });
        return z.NEVER;
      }
      if (!names.includes(name)) names.push(name);
    }
    return names;
  });
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'string') return value.trim() === '' ? 'empty' : 'text with a control character';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping without a `name`';
  return `\`${String(value)}\``;
}

export const AUTHORS_HINT = 'Write `authors: [Ada Lovelace, Alan Turing]`, `author: Ada Lovelace` or `author: { name: Ada Lovelace }`.';
