// LiquidJS through one module of our own, from its ES module build: the package's main entry is its
// CommonJS build, which Node scans for exports on every import (about 20 ms in each thread that
// renders pages). One module also keeps every class check (Tag, Drop, LiquidError) on one copy.
export * from 'liquidjs/dist/liquid.node.mjs';
