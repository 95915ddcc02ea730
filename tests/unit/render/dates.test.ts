import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatPlainDate } from '../../../src/render/dates.js';

// The child processes run the compiled formatter (lib/ is built by the test setup).
const compiled = pathToFileURL(fileURLToPath(new URL('../../../lib/render/dates.js', import.meta.url))).href;

function formatIn(env: Record<string, string>, dates: string[], language: string): string[] {
  const script = `import(${JSON.stringify(compiled)}).then((m) => console.log(JSON.stringify(${JSON.stringify(dates)}.map((d) => m.formatPlainDate(d, ${JSON.stringify(language)})))))`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

const edges = ['2024-02-05', '2024-01-01', '2023-12-31', '2024-02-29'];

describe('formatPlainDate', () => {
  it('writes a calendar date in the site language', () => {
    expect(formatPlainDate('2024-02-05', 'en-GB')).toBe('5 February 2024');
    expect(formatPlainDate('2024-02-05', 'en')).toBe('February 5, 2024');
  });

  it('shows the same day under time zones on both sides of the date line', () => {
    const west = formatIn({ TZ: 'America/Los_Angeles' }, edges, 'en-GB');
    const east = formatIn({ TZ: 'Pacific/Kiritimati' }, edges, 'en-GB');
    expect(west).toEqual(['5 February 2024', '1 January 2024', '31 December 2023', '29 February 2024']);
    expect(east).toEqual(west);
  });

  it('ignores the process locale', () => {
    const german = formatIn({ LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', TZ: 'Asia/Tokyo' }, ['2024-02-05'], 'en-GB');
    expect(german).toEqual(['5 February 2024']);
  });

  it('falls back to English, not the process locale, for a language the runtime does not know', () => {
    const german = formatIn({ LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' }, ['2024-02-05'], 'zz');
    expect(german).toEqual(['February 5, 2024']);
  });
});
