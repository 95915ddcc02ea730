import { execFile } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './site.js';

const VNU_JAR = path.join(REPO_ROOT, 'node_modules/vnu-jar/build/dist/vnu.jar');

export interface VnuMessage {
  type: string;
  subType?: string;
  url: string;
  message: string;
  extract?: string;
  lastLine?: number;
}

/**
 * Runs the W3C Nu HTML checker once over files or folders (one JVM start for all of them).
 * Only errors are reported; non-HTML files in folders are skipped.
 */
export function runVnu(targets: string[]): Promise<VnuMessage[]> {
  return new Promise((resolve, reject) => {
    execFile(
      'java',
      ['-Xss8m', '-jar', VNU_JAR, '--errors-only', '--skip-non-html', '--format', 'json', ...targets],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // vnu writes its JSON report to stderr and exits 1 when it found errors.
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(
            new Error(
              'java was not found: the HTML checker needs a Java runtime. `npm test` installs it (as root with apt-get; ' +
                '`node scripts/test-prerequisites.mjs` does only that), or run `sudo apt-get install default-jre-headless`.',
            ),
          );
          return;
        }
        try {
          const report = JSON.parse(stderr.trim() || stdout) as { messages: VnuMessage[] };
          resolve(report.messages);
        } catch {
          reject(new Error(`The HTML checker did not produce a report: ${error?.message ?? ''}\n${stderr.slice(0, 2000)}`));
        }
      },
    );
  });
}

/** One line per message, with the file relative to `base`, for readable assertion failures. */
export function formatVnu(messages: VnuMessage[], base: string): string[] {
  return messages.map((m) => {
    const file = m.url.startsWith('file:') ? path.relative(base, new URL(m.url).pathname) : m.url;
    return `${file}:${m.lastLine ?? '?'} ${m.type}: ${m.message}${m.extract ? ` [${m.extract.trim()}]` : ''}`;
  });
}
