import { digest } from '../cache/hash.js';
import { openCache, type Namespace } from '../cache/store.js';
import type { PostSummary } from '../site/types.js';
import type { PostView } from './types.js';

/**
 * Which fields of the posts a page lists (home, tags, archive, related posts) its templates can
 * read. A page's key holds only those fields of its listed posts, so an edit that changes a post's
 * word count re-renders the post and its feeds, not the archive and every list that shows the post
 * by title and date.
 *
 * The fields are the ones the templates' Liquid markup names. Markup can also read fields without
 * naming them (`{{ post | json }}`, looping over a post's properties): every listed post a template
 * sees is therefore watched, and a read of any other field marks the templates as "wide" for the
 * next builds, whose keys then hold every field. The page rendered meanwhile is rendered, so it is
 * right; pages kept were last rendered with the same templates, reading named fields only, and
 * those did not change, so they are right too.
 */

/** The summary fields each view field is made from (see postView). */
export const VIEW_SOURCES: Readonly<Record<keyof PostView, ReadonlyArray<keyof PostSummary>>> = {
  slug: ['slug'],
  title: ['title'],
  summary: ['description', 'excerpt'],
  description: ['description'],
  excerpt: ['excerpt'],
  date: ['date'],
  updated: ['updated'],
  authors: ['authors', 'authorUrls'],
  tags: ['tags'],
  featured: ['featured'],
  draft: ['draft'],
  scheduled: ['scheduled'],
  readingMinutes: ['readingMinutes'],
  words: ['words'],
  url: ['url'],
  image: ['image'],
};

export const ALL_VIEW_FIELDS: ReadonlySet<keyof PostView> = new Set(Object.keys(VIEW_SOURCES) as Array<keyof PostView>);
const VIEW_FIELDS: ReadonlySet<string> = ALL_VIEW_FIELDS;

/** `{{ … }}` and `{% … %}`: where Liquid reads data. Template text outside them is output as is. */
const MARKUP = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
const WORD = /[A-Za-z_][\w-]*/g;

/** The view fields named anywhere in the templates' markup, as a property, a string or a variable. */
export function namedViewFields(templates: ReadonlyMap<string, string>): Set<keyof PostView> {
  const named = new Set<keyof PostView>();
  for (const source of templates.values()) {
    for (const markup of source.match(MARKUP) ?? []) {
      for (const word of markup.match(WORD) ?? []) {
        if (VIEW_FIELDS.has(word)) named.add(word as keyof PostView);
      }
    }
  }
  return named;
}

/** The summary fields behind some view fields, in a fixed order (they are hashed in it). */
export function summaryFields(fields: ReadonlySet<keyof PostView>): Array<keyof PostSummary> {
  const out = new Set<keyof PostSummary>();
  for (const field of fields) for (const source of VIEW_SOURCES[field]) out.add(source);
  return [...out].sort();
}

/** Watches the listed posts' views for reads outside the allowed fields. */
export class ViewWatch {
  /** A field outside the allowed ones was read, or a view's fields were listed. */
  violated = false;
  private readonly handler: ProxyHandler<PostView>;

  constructor(private readonly allowed: ReadonlySet<keyof PostView>) {
    // Listing a view's keys (a loop over its properties, a JSON dump) reaches every field.
    const listingViolates = [...ALL_VIEW_FIELDS].some((field) => !allowed.has(field));
    const check = (key: string | symbol): void => {
      if (typeof key === 'string' && VIEW_FIELDS.has(key) && !allowed.has(key as keyof PostView)) this.violated = true;
    };
    this.handler = {
      get: (target, key, receiver) => {
        check(key);
        return Reflect.get(target, key, receiver);
      },
      has: (target, key) => {
        check(key);
        return Reflect.has(target, key);
      },
      getOwnPropertyDescriptor: (target, key) => {
        check(key);
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      ownKeys: (target) => {
        if (listingViolates) this.violated = true;
        return Reflect.ownKeys(target);
      },
    };
  }

  wrap = (view: PostView): PostView => new Proxy(view, this.handler);

  /**
   * As `wrap`, for a view made once and kept for every page that lists its post (a page worker's,
   * see `stableSummaries`): a copy whose fields outside the allowed ones are getters marking the
   * watch, so a read costs a getter call instead of a Proxy's traps. A dump or a loop over the
   * fields reads every getter. A count of the keys alone (`size`) marks nothing here: it is the same
   * for every view, whatever the posts say.
   */
  copy = (view: PostView): PostView => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(view)) {
      const value = (view as unknown as Record<string, unknown>)[key];
      if (!VIEW_FIELDS.has(key) || this.allowed.has(key as keyof PostView)) {
        out[key] = value;
        continue;
      }
      const get = (): unknown => {
        this.violated = true;
        return value;
      };
      Object.defineProperty(out, key, { get, enumerable: true, configurable: true });
    }
    return out as unknown as PostView;
  };
}

/**
 * The mark lives in the `wide-templates` namespace of the cache store: an empty entry keyed by the
 * site key (templates, settings, assets), only the latest kept.
 */
function marks(cacheDir: string | null): Namespace {
  return openCache(cacheDir).namespace('wide-templates', 2);
}

/** Whether templates with this site key were seen reading unnamed fields of listed posts. */
export function isWide(cacheDir: string | null, site: string): boolean {
  return marks(cacheDir).get(digest(site)) !== undefined;
}

export function markWide(cacheDir: string | null, site: string): void {
  const ns = marks(cacheDir);
  const key = digest(site);
  if (ns.put(key, '')) ns.prune([key]);
}
