// The ES module build has the same API as the package's typed entry.
declare module 'liquidjs/dist/liquid.node.mjs' {
  export * from 'liquidjs';
}
