// The scan runs where pages are rendered (page workers too), so it lives below every stage.
export { scanPage, scanRenderedPage, type PageLinks } from '../html-links.js';
