import { lstatSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { surveyOutput, type SurveyEntry } from '../../../src/output/survey.js';
import { tempRoot } from './helpers.js';

/** What the survey must report for a path, straight from lstat. */
function expected(root: string, rel: string): SurveyEntry {
  const st = lstatSync(path.join(root, rel));
  if (st.isDirectory()) return { kind: 'dir' };
  if (st.isFile()) return { kind: 'file', size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
  return { kind: 'file', size: -1, mtimeMs: -1, ino: -1 };
}

describe('output survey', () => {
  it('reports every folder, file and link under both folders, with each file as lstat sees it', async () => {
    const root = tempRoot();
    const out = path.join(root, 'out');
    const spare = path.join(root, 'spare');
    for (const dir of ['posts/a', 'posts/b/deep', 'empty']) mkdirSync(path.join(out, dir), { recursive: true });
    writeFileSync(path.join(out, 'index.html'), 'home');
    writeFileSync(path.join(out, 'posts/a/index.html'), 'a post');
    writeFileSync(path.join(out, 'posts/b/deep/user-file.txt'), 'not ours');
    symlinkSync(path.join(out, 'index.html'), path.join(out, 'posts/link.html'));
    mkdirSync(path.join(spare, 'posts'), { recursive: true });
    writeFileSync(path.join(spare, 'posts/old.html'), 'old');

    const survey = surveyOutput({ out, spare });
    const [outSeen, spareSeen] = await Promise.all([survey.out, survey.spare]);

    const outPaths = ['empty', 'index.html', 'posts', 'posts/a', 'posts/a/index.html', 'posts/b', 'posts/b/deep', 'posts/b/deep/user-file.txt', 'posts/link.html'];
    expect([...outSeen!.keys()].sort()).toEqual(outPaths);
    for (const rel of outPaths) expect(outSeen!.get(rel)).toEqual(expected(out, rel));
    expect(outSeen!.get('posts/link.html')).toEqual({ kind: 'file', size: -1, mtimeMs: -1, ino: -1 });
    expect([...spareSeen!.entries()]).toEqual([
      ['posts', { kind: 'dir' }],
      ['posts/old.html', expected(spare, 'posts/old.html')],
    ]);
  });

  it('leaves a missing folder unsurveyed, and a folder of more entries than one column block whole', async () => {
    const root = tempRoot();
    const out = path.join(root, 'out');
    // Past the columns' first allocation, so growing them keeps every entry.
    for (let i = 0; i < 1500; i++) {
      mkdirSync(path.join(out, `p${i}`), { recursive: true });
      writeFileSync(path.join(out, `p${i}`, 'index.html'), `page ${i}`);
    }
    const survey = surveyOutput({ out, spare: path.join(root, 'absent') });
    const [outSeen, spareSeen] = await Promise.all([survey.out, survey.spare]);
    expect(spareSeen).toBeUndefined();
    expect(outSeen!.size).toBe(3000);
    expect(outSeen!.get('p1499/index.html')).toEqual(expected(out, 'p1499/index.html'));
    expect(outSeen!.get('p0')).toEqual({ kind: 'dir' });
  });
});
