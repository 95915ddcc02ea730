export { planSite, SITEMAP_LIMIT, type PlanOptions } from './plan.js';
export { todayIn, startOfDay } from './dates.js';
export { urlFor, absoluteUrl } from './urls.js';
export { unsafePathReason, RouteTable } from './routes.js';
export { comparePosts, compareStrings } from './order.js';
export type * from './types.js';
