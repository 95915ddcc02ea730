/*
 * Search on the /search/ page, in the browser, from the static Pagefind bundle the build writes to
 * `<base>pagefind/`. The bundle is loaded on the first query only, and only the index chunks and
 * result fragments that query needs are fetched; everything is same-origin, so search keeps working
 * offline once those files are cached. Large sites split the index into shards: the primary under
 * `<base>pagefind/`, the others in folders that `shards.json` lists, merged into one search.
 */

interface PagefindResultData {
  url: string;
  /** Text around the match, with matched words in `<mark>`. */
  excerpt: string;
  meta: { title?: string; date?: string };
}

interface PagefindResponse {
  results: Array<{ id: string; data(): Promise<PagefindResultData> }>;
}

interface PagefindModule {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(term: string): Promise<PagefindResponse | null>;
  mergeIndex(indexPath: string, options?: Record<string, unknown>): Promise<void>;
}

/** Pagefind applies options to the primary index only: each merged shard is given them too. */
const PAGEFIND_OPTIONS = { excerptLength: 24 };

/** Results shown at once; the status says how many more matched. */
const MAX_RESULTS = 20;
/** Wait after the last keystroke before searching, so typing a word runs one search, not five. */
const TYPING_DELAY_MS = 120;

let pagefind: Promise<PagefindModule> | undefined;

function loadPagefind(bundle: string): Promise<PagefindModule> {
  pagefind ??= (async () => {
    // Pagefind derives the site's base path from this URL, so results link under `--base` too.
    const module = (await import(/* @vite-ignore */ `${bundle}pagefind.js`)) as PagefindModule;
    await module.options(PAGEFIND_OPTIONS);
    await module.init();
    const bundleUrl = new URL(bundle, location.href);
    const response = await fetch(new URL('shards.json', bundleUrl));
    // Searching part of the posts would silently miss results: without the list, no search.
    if (!response.ok) throw new Error(`${response.status} fetching shards.json`);
    const shards = (await response.json()) as unknown;
    if (!Array.isArray(shards)) throw new Error('shards.json is not a list');
    // Paths from the site's origin, so the shards resolve under `--base` as the primary does.
    await Promise.all(
      shards
        .filter((path): path is string => typeof path === 'string')
        .map((path) => module.mergeIndex(new URL(path, bundleUrl).pathname, PAGEFIND_OPTIONS)),
    );
    return module;
  })();
  pagefind.catch(() => {
    pagefind = undefined;
  });
  return pagefind;
}

/** Punctuation and spaces at either end of a marked word: `Kafka,` → `` `Kafka` `,` ``. */
const MARK_EDGES = /^([\p{P}\p{S}\s]*)(.*?)([\p{P}\p{S}\s]*)$/su;

/**
 * Copies Pagefind's excerpt as text, keeping only its `<mark>` elements: nothing else is trusted as
 * markup. Pagefind marks whole space-separated tokens, punctuation included; only the word is marked.
 */
function appendExcerpt(target: HTMLElement, excerpt: string): void {
  const parsed = new DOMParser().parseFromString(`<body>${excerpt}</body>`, 'text/html').body;
  for (const node of Array.from(parsed.childNodes)) {
    if (node instanceof Element && node.localName === 'mark') {
      const [, before = '', word = '', after = ''] = MARK_EDGES.exec(node.textContent ?? '') ?? [];
      if (word === '') {
        target.append(node.textContent ?? '');
        continue;
      }
      const mark = document.createElement('mark');
      mark.textContent = word;
      target.append(before, mark, after);
    } else {
      target.append(node.textContent ?? '');
    }
  }
}

function formatDate(date: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const lang = document.documentElement.lang || undefined;
  const value = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(value);
}

function resultItem(data: PagefindResultData): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'search-result';
  const heading = document.createElement('h2');
  heading.className = 'search-result-title';
  const link = document.createElement('a');
  link.href = data.url;
  link.textContent = data.meta.title ?? data.url;
  heading.append(link);
  item.append(heading);
  const date = data.meta.date ? formatDate(data.meta.date) : undefined;
  if (data.meta.date && date) {
    const time = document.createElement('time');
    time.dateTime = data.meta.date;
    time.textContent = date;
    const meta = document.createElement('p');
    meta.className = 'search-result-date';
    meta.append(time);
    item.append(meta);
  }
  const snippet = document.createElement('p');
  snippet.className = 'search-result-snippet';
  appendExcerpt(snippet, data.excerpt);
  item.append(snippet);
  return item;
}

/** Pages (About, …) are indexed without a date: when one is among the results, they are not all posts. */
export function statusText(query: string, total: number, withPages = false): string {
  if (total === 0) return `No posts match “${query}”. Try fewer or other words, or browse the archive.`;
  const noun = withPages ? 'result' : 'post';
  const found = total === 1 ? `1 ${noun} matches` : `${total} ${noun}s match`;
  return total > MAX_RESULTS ? `${found} “${query}”; the best ${MAX_RESULTS} are shown.` : `${found} “${query}”.`;
}

function initSearchPage(section: HTMLElement): void {
  const bundle = section.dataset.searchBundle;
  const form = section.querySelector('form');
  const input = section.querySelector<HTMLInputElement>('[data-search-input]');
  const status = section.querySelector<HTMLElement>('[data-search-status]');
  const list = section.querySelector<HTMLOListElement>('[data-search-results]');
  const fallback = section.querySelector<HTMLElement>('[data-search-fallback]');
  if (!bundle || !form || !input || !status || !list || !fallback) return;
  fallback.hidden = true;

  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const run = async (raw: string): Promise<void> => {
    const run = ++latest;
    const query = raw.trim();
    const url = new URL(location.href);
    if (query) url.searchParams.set('q', query);
    else url.searchParams.delete('q');
    history.replaceState(history.state, '', url);
    if (!query) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    try {
      const module = await loadPagefind(bundle);
      const response = await module.search(query);
      // A newer keystroke started another search: this one's results are stale.
      if (run !== latest || !response) return;
      const data = await Promise.all(response.results.slice(0, MAX_RESULTS).map((r) => r.data()));
      if (run !== latest) return;
      list.replaceChildren(...data.map(resultItem));
      status.textContent = statusText(query, response.results.length, data.some((d) => d.meta.date === undefined));
      fallback.hidden = true;
    } catch {
      if (run !== latest) return;
      list.replaceChildren();
      // One true message: JavaScript runs, so the no-JavaScript fallback would be wrong here.
      status.textContent =
        'The search index could not be loaded, so search does not work right now. Every post is also listed in the archive and on the pages of its tags.';
      fallback.hidden = true;
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(input.value), TYPING_DELAY_MS);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    void run(input.value);
  });

  const initial = new URLSearchParams(location.search).get('q') ?? '';
  input.value = initial;
  const headerBox = document.querySelector<HTMLInputElement>('#hm-site-search');
  if (headerBox) headerBox.value = initial;
  if (initial.trim()) void run(initial);
}

function start(): void {
  const section = document.querySelector<HTMLElement>('[data-search-bundle]');
  if (section) initSearchPage(section);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
