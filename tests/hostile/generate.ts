import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Content too big, too binary or too machine-specific to commit: written into a case's temp copy of
 * its content folder just before the build. Each generator names the files its expected.json refers to.
 */
export type Generator = (contentDir: string, scratch: string) => void;

/**
 * `HASHMARK_STRESS=1` (npm run test:stress) builds the heaviest bodies at full size: a 5 MB body dense
 * with links and emphasis, a 50 × 5,000 table. The default run keeps the same shapes smaller, or
 * plainer, so that the whole hostile suite stays near a minute on two cores.
 */
const STRESS = process.env.HASHMARK_STRESS === '1';

const head = (title: string, date = '2024-03-01'): string => `#title\n${title}\n#date\n${date}\n#body\n`;

export const generators: Record<string, Generator> = {
  /** Latin-1 bytes (é as 0xE9, a lone 0xFF) where UTF-8 is required. */
  'non-utf8': (dir) => {
    const bytes = Buffer.concat([Buffer.from(head('Caf')), Buffer.from([0xe9, 0x20, 0xff, 0xfe, 0x0a])]);
    writeFileSync(path.join(dir, '2024-03-01-latin1.md'), bytes);
  },
  'nul-bytes': (dir) => {
    writeFileSync(path.join(dir, '2024-03-01-nul.md'), `#title\nNul\u0000title\n#date\n2024-03-01\n#body\nA\u0000body\u0000with NULs.\n`);
  },
  /** 20,000 `>` on one line: the unified stack overflows near 2,000. */
  'deep-blockquote': (dir) => {
    writeFileSync(path.join(dir, '2024-03-01-deep-quote.md'), `${head('Deep quote')}${'>'.repeat(20_000)} deep\n`);
  },
  /** 20,000 list markers on one line, and 20,000 lines each indented one level deeper. */
  'deep-list': (dir) => {
    writeFileSync(path.join(dir, '2024-03-01-deep-list.md'), `${head('Deep list')}${'- '.repeat(20_000)}item\n`);
    const lines: string[] = [];
    // Each line one level deeper than the last: 500 lines are far past the bound and 250 KB in all.
    for (let i = 0; i < 500; i++) lines.push(`${'  '.repeat(i)}- level ${i}`);
    writeFileSync(path.join(dir, '2024-03-01-deep-indent.md'), `${head('Deep indent', '2024-03-02')}${lines.join('\n')}\n`);
  },
  /** About 5 MB of paragraphs: mostly prose (Markdown costs ~4 s/MB), or dense with links and emphasis under stress (~15 s/MB). */
  'big-body': (dir) => {
    const paragraph = STRESS
      ? 'Some *emphasis*, a [link](https://example.com/x), `code` and plain words to fill the line. '
      : 'Plain words of an ordinary paragraph that goes on and on, *once* emphasised, to fill a line. ';
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const p = `${paragraph.repeat(8)}${i}\n\n`;
      parts.push(i % 50 === 0 ? `## Section ${i}\n\n${p}` : p);
      size += p.length;
    }
    writeFileSync(path.join(dir, '2024-03-01-big.md'), head('Big body') + parts.join(''));
  },
  /** One line of 1 MB: words, emphasis markers and underscores that never close. */
  'long-line': (dir) => {
    const chunk = 'word *star _under [bracket `tick ';
    writeFileSync(path.join(dir, '2024-03-01-line.md'), `${head('Long line')}${chunk.repeat(Math.ceil((1024 * 1024) / chunk.length))}\n`);
  },
  /** A GFM table of 50 columns by 5,000 rows under stress (2.4 MB), else 20 by 2,000. */
  'huge-table': (dir) => {
    const cols = STRESS ? 50 : 20;
    const rows: string[] = [
      `|${Array.from({ length: cols }, (_, c) => ` h${c} `).join('|')}|`,
      `|${Array.from({ length: cols }, () => ' --- ').join('|')}|`,
    ];
    for (let r = 0; r < (STRESS ? 5000 : 2000); r++) rows.push(`|${Array.from({ length: cols }, (_, c) => ` ${r}.${c} `).join('|')}|`);
    writeFileSync(path.join(dir, '2024-03-01-table.md'), `${head('Huge table')}${rows.join('\n')}\n`);
  },
  /** 5,000 footnote references and definitions. */
  'many-footnotes': (dir) => {
    const refs: string[] = [];
    const defs: string[] = [];
    for (let i = 1; i <= 5000; i++) {
      refs.push(`Claim ${i}[^n${i}].`);
      defs.push(`[^n${i}]: Source number ${i}.`);
    }
    writeFileSync(path.join(dir, '2024-03-01-footnotes.md'), `${head('Footnotes')}${refs.join(' ')}\n\n${defs.join('\n')}\n`);
  },
  'long-title': (dir) => {
    writeFileSync(path.join(dir, '2024-03-01-long-title.md'), `${head('Long title '.repeat(910).slice(0, 10_000))}Short body.\n`);
  },
  /** Links out of the content folder: to a secret file beside it and to /etc/passwd. */
  'symlink-out': (dir, scratch) => {
    const secret = path.join(scratch, 'secret.md');
    writeFileSync(secret, `${head('LEAKED-SECRET-7f3a')}LEAKED-SECRET-7f3a\n`);
    symlinkSync(secret, path.join(dir, 'leak.md'));
    symlinkSync('/etc/passwd', path.join(dir, 'passwd.md'));
  },
};
