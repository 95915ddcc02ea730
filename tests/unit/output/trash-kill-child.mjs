// Opens a writer on argv[2] (cache argv[3]), writes every page of `site` with new contents (each
// old copy in the reused spare folder goes to the trash), then dies by SIGKILL before the commit.
import { createDiskWriter } from '../../../lib/output/index.js';

const [outDir, cacheDir, count, generation] = [process.argv[2], process.argv[3], Number(process.argv[4]), process.argv[5]];
const { value: writer, diagnostics } = await createDiskWriter({ outDir, cacheDir });
if (writer === undefined) {
  console.error(JSON.stringify(diagnostics));
  process.exit(2);
}
for (let i = 0; i < count; i++) await writer.write({ file: `posts/p${i}/index.html`, contents: `<p>post ${i} of ${generation}</p>` });
process.kill(process.pid, 'SIGKILL');
