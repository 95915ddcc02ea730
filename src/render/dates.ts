import type { PlainDate } from '../content/types.js';

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Language → date → display text: a list page shows thousands of dates, most of them repeated across pages. */
const formatted = new Map<string, Map<string, string>>();

/**
 * Formats a calendar date for display, e.g. "5 February 2024" (en-GB) or "February 5, 2024" (en).
 *
 * The date is placed at UTC midnight and formatted in UTC, so no process time zone can move it to
 * another day. The locale is always the site language, never the process locale; a language the
 * runtime has no data for falls back to English rather than to whatever LANG says.
 */
export function formatPlainDate(date: PlainDate | string, language: string): string {
  let known = formatted.get(language);
  if (!known) formatted.set(language, (known = new Map()));
  let text = known.get(date);
  if (text === undefined) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (!match) return date;
    const [, y, m, d] = match;
    text = formatterFor(language).format(new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))));
    known.set(date, text);
  }
  return text;
}

function formatterFor(language: string): Intl.DateTimeFormat {
  let formatter = formatters.get(language);
  if (!formatter) {
    const supported = Intl.DateTimeFormat.supportedLocalesOf([language]);
    const locale = supported[0] ?? 'en';
    formatter = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
    formatters.set(language, formatter);
  }
  return formatter;
}
