import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyChange, type ProjectLayout } from '../../../src/dev/classify.js';

const root = path.resolve('/site');
const layout: ProjectLayout = {
  contentDir: path.join(root, 'content'),
  templatesDir: path.join(root, 'templates'),
  publicDir: path.join(root, 'public'),
  configFile: path.join(root, 'site.config.ts'),
};
const kind = (...parts: string[]) => classifyChange(path.join(root, ...parts), layout);

describe('classifyChange', () => {
  it('sorts post files under content/ as posts, in bundles too', () => {
    expect(kind('content', 'kafka.md')).toBe('post');
    expect(kind('content', '2024-02-05-kafka.txt')).toBe('post');
    expect(kind('content', 'kafka', 'index.md')).toBe('post');
  });

  it('sorts other files under content/ as bundle assets', () => {
    expect(kind('content', 'kafka', 'chart.png')).toBe('content-asset');
  });

  it('ignores the author’s own drafts and editor leftovers', () => {
    expect(kind('content', '_wip.md')).toBe('ignore');
    expect(kind('content', '.kafka.md.swp')).toBe('ignore');
    expect(kind('content', '_drafts', 'idea.md')).toBe('ignore');
    expect(kind('content', 'kafka.md~')).toBe('ignore');
    expect(kind('content', '4913')).toBe('ignore');
  });

  it('tells Liquid templates from theme assets', () => {
    expect(kind('templates', 'post.liquid')).toBe('template');
    expect(kind('templates', 'partials', 'head.liquid')).toBe('template');
    expect(kind('templates', 'assets', 'theme.css')).toBe('theme-asset');
    expect(kind('templates', 'README.txt')).toBe('ignore');
  });

  it('sorts public/ files and the config', () => {
    expect(kind('public', 'favicon.svg')).toBe('public');
    expect(kind('public', 'img', 'a.png')).toBe('public');
    expect(kind('site.config.ts')).toBe('config');
  });

  it('ignores files outside the watched folders, including look-alike folder names', () => {
    expect(kind('dist', 'index.html')).toBe('ignore');
    expect(kind('content-old', 'a.md')).toBe('ignore');
    expect(kind('other.config.ts')).toBe('ignore');
  });
});
