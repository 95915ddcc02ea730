import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { resolveMenu, type MenuPage } from '../../../src/site/menu.js';

const text = (menu: string): string => `export default {\n  language: 'en',\n  menu: ${menu},\n};\n`;

describe('the menu setting', () => {
  it('is absent by default, and keeps entries as written', () => {
    expect(validateConfig({}).value?.menu).toBeUndefined();
    const menu = [{ title: 'About', url: '/about/' }, { title: ' Code ', url: 'https://code.example/me' }];
    expect(validateConfig({ menu }).value?.menu).toEqual([{ title: 'About', url: '/about/' }, { title: 'Code', url: 'https://code.example/me' }]);
  });

  it.each([
    ['a relative path', [{ title: 'About', url: 'about/' }], 'menu.0.url'],
    ['a protocol-relative URL', [{ title: 'X', url: '//evil.example/' }], 'menu.0.url'],
    ['a javascript: URL', [{ title: 'X', url: 'javascript:alert(1)' }], 'menu.0.url'],
    ['an empty title', [{ title: ' ', url: '/' }], 'menu.0.title'],
    ['an unknown key', [{ title: 'X', url: '/', target: '_blank' }], 'menu.0'],
    ['not a list', { title: 'X', url: '/' }, 'menu'],
  ])('refuses %s as config-invalid with a hint and the line', (_name, menu, key) => {
    const source = text(JSON.stringify(menu));
    const result = validateConfig({ language: 'en', menu }, { text: source });
    expect(result.value).toBeUndefined();
    const [d] = result.diagnostics;
    expect(d?.code).toBe('config-invalid');
    expect(d?.message).toContain(key);
    expect(d?.hint).toBeTruthy();
    expect(d?.line).toBe(3);
  });

  it('explains a bad url in the hint: a site path or an absolute http(s) URL', () => {
    const [d] = validateConfig({ menu: [{ title: 'About', url: 'about' }] }).diagnostics;
    expect(d?.message).toContain('"about"');
    expect(d?.hint).toMatch(/starting with "\/"/);
  });
});

describe('resolveMenu', () => {
  const page = (title: string, menu: number | true, source = `content/pages/${title}.md`): MenuPage => ({ title, url: `/${title.toLowerCase()}/`, menu, source });

  it('has the theme entries without the setting, Featured only when a post is featured', () => {
    expect(resolveMenu({ basePath: '/blog/' }, [], false)).toEqual([
      { title: 'Home', url: '/blog/' },
      { title: 'Tags', url: '/blog/tags/' },
      { title: 'Archive', url: '/blog/archive/' },
    ]);
    expect(resolveMenu({ basePath: '/' }, [], true).map((i) => i.title)).toEqual(['Home', 'Featured', 'Tags', 'Archive']);
  });

  it('puts site paths of the setting under the base path and leaves absolute URLs alone', () => {
    const menu = [{ title: 'Blog', url: '/' }, { title: 'Me', url: 'https://me.example/' }, { title: 'About', url: '/about/' }];
    expect(resolveMenu({ basePath: '/blog/', menu }, [], true)).toEqual([
      { title: 'Blog', url: '/blog/' },
      { title: 'Me', url: 'https://me.example/' },
      { title: 'About', url: '/blog/about/' },
    ]);
  });

  it('places numbered pages at their position, in order, and `true` ones at the end by file', () => {
    const titles = resolveMenu({ basePath: '/', menu: [{ title: 'A', url: '/' }, { title: 'B', url: '/b/' }] }, [
      page('Zed', true, 'content/pages/a.md'),
      page('Last', 99),
      page('First', 1),
      page('Yak', true, 'content/pages/b.md'),
      page('Second', 2),
    ], false).map((i) => i.title);
    expect(titles).toEqual(['First', 'Second', 'A', 'B', 'Last', 'Zed', 'Yak']);
  });
});
