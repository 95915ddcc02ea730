// Zod through one module of our own. In lib/, scripts/compile.mjs replaces the compiled copy of
// this file with a single-file bundle of zod: as about a hundred ES modules it takes a build over
// 0.1 s to load, as one file under half of that. Under Vitest (src/) it is plain zod.
export { z } from 'zod';
