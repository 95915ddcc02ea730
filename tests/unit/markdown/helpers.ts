import { readFileSync } from 'node:fs';
import type { PlainDate, Post } from '../../../src/content/types.js';
import type { MarkdownOptions, RenderInput } from '../../../src/markdown/types.js';
import { resolveMarkdownOptions } from '../../../src/markdown/options.js';
import { TextBody } from '../../../src/content/body-ref.js';

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
    body: new TextBody(body),
    bodyLine: 10,
    source: 'content/a-post.md',
    assets: [],
    ...fields,
  };
}

/** What a renderer takes: a post's title and Markdown text. */
export function input(body: string, fields: Partial<Omit<Post, 'body'>> = {}): RenderInput {
  const { body: _body, ...rest } = post(body, fields);
  return { ...rest, body };
}
