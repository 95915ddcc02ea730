export { scanPage } from '../html-links.js';
export type { PageLinks } from '../html-links.js';
export { checkLinks, findLinkProblems, reportLinkProblems, siteIds } from './check.js';
export { LinkTable } from './table.js';
export type { CheckedPage, LinkCheckOptions, LinkProblem, ReportedPage, ReportOptions, TemplatePlace } from './check.js';
export { LinkCache, LinkState, LinkVerdicts, idsDigest, targetsDigest } from './cache.js';
export type { LinkData, PageVerdict } from './cache.js';
export { templateLocator } from './templates.js';
