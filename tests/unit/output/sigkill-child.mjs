// Builds generation after generation into argv[2] until killed. Every page carries its generation;
// a quarter of the pages never change (they are kept by hard link), odd generations drop page 0 and add page N.
import { createDiskWriter } from '../../../lib/output/index.js';

const outDir = process.argv[2];
const cacheDir = process.argv[3];
const count = Number(process.argv[4]);
let generation = Number(process.argv[5]);

for (;;) {
  generation++;
  const { value: writer, diagnostics } = await createDiskWriter({ outDir, cacheDir });
  if (writer === undefined) {
    console.error(JSON.stringify(diagnostics));
    process.exit(2);
  }
  const odd = generation % 2 === 1;
  for (let i = odd ? 1 : 0; i < (odd ? count + 1 : count); i++) {
    const contents = i % 4 === 0 ? `static ${i}` : `generation ${generation} page ${i} ${'x'.repeat(200)}`;
    await writer.write({ file: `posts/p${i}/index.html`, contents });
  }
  await writer.write({ file: 'generation.txt', contents: String(generation) });
  await writer.commit();
  process.stdout.write(`${generation}\n`);
}
