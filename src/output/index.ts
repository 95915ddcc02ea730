export type { OutputFile, WriteSummary, Writer } from './types.js';
export { createDiskWriter, type DiskWriterOptions } from './open.js';
export { createMemoryWriter, type MemoryWriter } from './memory-writer.js';
export { WriteError, writeErrorDiagnostic } from './errors.js';
export { assertSafeOutputPath } from './paths.js';
export type { OutputFs } from './fs.js';
