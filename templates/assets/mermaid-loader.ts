// mermaid's prebuilt single-file bundle, emitted by Vite as an asset (hashed, same-origin) rather
// than bundled again: rebundling mermaid and its dependencies would cost every theme build seconds.
import mermaidUrl from 'mermaid/dist/mermaid.min.js?url';

interface Mermaid {
  initialize(config: Record<string, unknown>): void;
  run(options: { nodes: ArrayLike<HTMLElement> }): Promise<void>;
}

export async function drawDiagrams(blocks: NodeListOf<HTMLElement>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = mermaidUrl;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('mermaid could not be loaded'));
    document.head.append(script);
  });
  const mermaid = (globalThis as { mermaid?: Mermaid }).mermaid;
  if (!mermaid) return;
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default' });
  // A diagram that fails keeps its source on the page; mermaid reports why in the console.
  await mermaid.run({ nodes: blocks }).catch(() => undefined);
  for (const block of blocks) {
    const svg = block.querySelector('svg');
    if (svg && !svg.hasAttribute('aria-label') && !svg.hasAttribute('aria-labelledby')) {
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', 'Diagram');
    }
  }
}
