import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';

const CLOBBER_PREFIX = 'user-content-';
const TEXT_ALIGN = new Set(['left', 'center', 'right', 'justify']);

/**
 * Sanitising prefixes every author id (`id="x"` becomes `id="user-content-x"`, footnotes included)
 * but leaves `href="#x"` alone, which GitHub repairs with client script. A static page cannot, so
 * same-page links whose target only exists with the prefix are pointed at it here, at build time.
 */
export function rehypeFragmentLinks() {
  return (tree: Root): void => {
    const ids = new Set<string>();
    const links: Element[] = [];
    walk(tree, (node) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id);
      if (node.tagName === 'a' && typeof node.properties.href === 'string' && node.properties.href.startsWith('#')) {
        links.push(node);
      }
    });
    for (const link of links) {
      const target = decodeFragment((link.properties.href as string).slice(1));
      if (!ids.has(target) && ids.has(CLOBBER_PREFIX + target)) {
        link.properties.href = `#${CLOBBER_PREFIX}${target}`;
      }
    }
  };
}

/**
 * Root-relative links and images (`/posts/x/`) mean "from the site's root", which under a base path
 * such as `/blog/` is `/blog/posts/x/`: the base is added unless the URL already starts with it, so
 * posts need not know where the site is hosted.
 */
export function rehypeBasePath(options: { basePath: string }) {
  const base = options.basePath;
  return (tree: Root): void => {
    if (base === '/') return;
    walk(tree, (node) => {
      for (const name of ['href', 'src'] as const) {
        const value = node.properties[name];
        if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) continue;
        if (value.startsWith(base) || `${value}/` === base) continue;
        node.properties[name] = base + value.slice(1);
      }
    });
  };
}

/**
 * Markup the HTML checker rejects or that fails accessibility checks, made valid:
 * table `align` (obsolete; GFM emits it) becomes a `text-align` style, an image without `alt`
 * gets `alt=""` plus a `missing-alt` warning, and task-list checkboxes get an accessible name.
 */
export function rehypeValidMarkup() {
  return (tree: Root, file: VFile): void => {
    walk(tree, (node) => {
      const align = node.properties.align;
      if (align !== undefined) {
        delete node.properties.align;
        if (typeof align === 'string' && TEXT_ALIGN.has(align.toLowerCase()) && node.tagName !== 'img' && node.tagName !== 'table') {
          const style = typeof node.properties.style === 'string' ? `${node.properties.style};` : '';
          node.properties.style = `${style}text-align:${align.toLowerCase()}`;
        }
      }
      if (node.tagName === 'img') {
        const alt = node.properties.alt;
        if (typeof alt !== 'string' || alt.trim() === '') {
          node.properties.alt = typeof alt === 'string' ? alt : '';
          const src = typeof node.properties.src === 'string' ? node.properties.src : '';
          const message = file.message(`The image ${src ? `\`${src}\` ` : ''}has no alternative text.`, {
            place: node.position,
            ruleId: 'missing-alt',
            source: 'hashmark',
          });
          message.fatal = false;
        }
      } else if (node.tagName === 'input' && node.properties.type === 'checkbox' && node.properties.ariaLabel === undefined) {
        node.properties.ariaLabel = node.properties.checked ? 'Done' : 'Not done';
      }
    });
  };
}

/** Depth-first over elements; iterative so wide trees cost no stack. */
export function walk(tree: Root | Element, visit: (node: Element) => void): void {
  const stack: Array<RootContent | ElementContent> = [...tree.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type !== 'element') continue;
    visit(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    if (node.tagName === 'template' && node.content) stack.push(...node.content.children.slice().reverse());
  }
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
