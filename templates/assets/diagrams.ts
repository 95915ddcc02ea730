/*
 * Mermaid diagrams, drawn in the browser only on pages that have a `pre.mermaid` block (the
 * build leaves the diagram's source there, readable without script). Mermaid itself (about 3 MB)
 * is a same-origin file of the theme, fetched only then.
 */
const blocks = document.querySelectorAll<HTMLElement>('pre.mermaid');
if (blocks.length > 0) {
  void import('./mermaid-loader.js').then(({ drawDiagrams }) => drawDiagrams(blocks));
}
