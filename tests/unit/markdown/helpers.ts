import { readFileSync } from 'node:fs';
import type { PlainDate, Post } from '../../../src/content/types.js';
import type { MarkdownOptions } from '../../../src/markdown/types.js';
import { resolveMarkdownOptions } from '../../../src/markdown/options.js';

export const OPTIONS: MarkdownOptions = resolveMarkdownOptions({ rawHtml: 'sanitize', wordsPerMinute: 230, excerptLength: 200, basePath: '/' });

export function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/markdown/${name}/body.md`, import.meta.url), 'utf8');
}

export function post(body: string, fields: Partial<Post> = {}): Post {
  return {
    slug: 'a-post',
    title: 'A Post',
    description: '',
    date: '2024-02-05' as PlainDate,
    tags: [],
    featured: false,
    draft: false,
    body,
    bodyLine: 10,
    source: 'content/a-post.md',
    assets: [],
    ...fields,
  };
}
