export { scanPage } from './scan.js';
export type { PageLinks } from './scan.js';
export { checkLinks, findLinkProblems, reportLinkProblems, siteIds } from './check.js';
export { LinkTable } from './table.js';
export type { CheckedPage, LinkCheckOptions, LinkProblem, ReportedPage, ReportOptions, TemplatePlace } from './check.js';
export { LinkCache, LinkState, LinkVerdicts, idsDigest, targetsDigest } from './cache.js';
export type { LinkData, PageVerdict } from './cache.js';
export { templateLocator } from './templates.js';
