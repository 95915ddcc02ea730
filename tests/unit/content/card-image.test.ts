import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/content/parse.js';
import type { SourceFile } from '../../../src/content/types.js';
import { validateDraft } from '../../../src/content/validate.js';

function post(path: string, text: string) {
  const file: SourceFile = { absPath: `/site/${path}`, path, text, assets: [] };
  const draft = parseSource(file);
  expect(draft.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return validateDraft(draft.value!);
}

describe('the social card image of a post', () => {
  it('is read from front matter `image`, with the line it is written on', () => {
    const { value } = post('content/a.md', '---\ntitle: A\ndate: 2024-01-01\nimage: cover.png\n---\n\nText.\n');
    expect(value?.image).toEqual({ src: 'cover.png', line: 4 });
  });

  it('is read from Hugo\'s `cover` mapping, alt text included', () => {
    const { value } = post('content/a.md', '---\ntitle: A\ndate: 2024-01-01\ncover:\n  image: /img/c.jpg\n  alt: A harbour\n---\n\nText.\n');
    expect(value?.image).toEqual({ src: '/img/c.jpg', alt: 'A harbour', line: 4 });
  });

  it('is read from the sectioned `#image`, the alt text on the next line', () => {
    const { value } = post('content/a.txt', '#title\nA\n#date\n2024-01-01\n#image\nhttps://cdn.example/c.jpg\nA harbour at dusk\n#body\nText.\n');
    expect(value?.image).toEqual({ src: 'https://cdn.example/c.jpg', alt: 'A harbour at dusk', line: 6 });
  });

  it('is an error on its line when it is not a path', () => {
    const { value, diagnostics } = post('content/a.md', '---\ntitle: A\ndate: 2024-01-01\nimage: [a, b]\n---\n\nText.\n');
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([['invalid-image', 4]]);
  });
});
