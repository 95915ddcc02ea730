/**
 * What highlight.js 11 (through lowlight's `all`) knows about its grammars without running them:
 * each alias's grammar, and the grammars each one embeds (`subLanguage`: CSS and JavaScript in
 * HTML, ...). With these a code block's grammar is registered when first used instead of all 192
 * up front. tests/unit/markdown/highlight.test.ts recomputes both from the installed highlight.js;
 * a name missing here only makes the highlighter register every grammar, as it used to.
 */
export const ALIASES: Readonly<Record<string, string>> = {
  ado: 'stata', adoc: 'asciidoc', ahk: 'autohotkey', apacheconf: 'apache', arm: 'armasm', as: 'actionscript',
  asc: 'angelscript', atom: 'xml', bat: 'dos', bf: 'brainfuck', bind: 'dns', 'c#': 'csharp', 'c++': 'cpp',
  capnp: 'capnproto', cc: 'cpp', cjs: 'javascript', clj: 'clojure', cls: 'cos', 'cmake.in': 'cmake',
  cmd: 'dos', coffee: 'coffeescript', console: 'shell', cr: 'crystal', craftcms: 'twig', crm: 'crmsh',
  cs: 'csharp', cson: 'coffeescript', cts: 'typescript', cxx: 'cpp', dcl: 'clean', dfm: 'delphi', do: 'stata',
  docker: 'dockerfile', dpr: 'delphi', dst: 'dust', edn: 'clojure', erl: 'erlang', ex: 'elixir',
  exs: 'elixir', 'f#': 'fsharp', f90: 'fortran', f95: 'fortran', feature: 'gherkin', fs: 'fsharp',
  gemspec: 'ruby', gms: 'gams', golang: 'go', gql: 'graphql', graph: 'roboconf', gss: 'gauss', gyp: 'python',
  h: 'c', 'h++': 'cpp', hbs: 'handlebars', hh: 'cpp', hpp: 'cpp', hs: 'haskell', html: 'xml',
  'html.handlebars': 'handlebars', 'html.hbs': 'handlebars', htmlbars: 'handlebars', https: 'http',
  hx: 'haxe', hxx: 'cpp', hylang: 'hy', i7: 'inform7', iced: 'coffeescript', icl: 'clean', ino: 'arduino',
  instances: 'roboconf', ipython: 'python', irb: 'ruby', jinja: 'django', jldoctest: 'julia-repl',
  js: 'javascript', json5: 'json', jsonc: 'json', jsp: 'java', jsx: 'javascript', k: 'q', kdb: 'q',
  kt: 'kotlin', kts: 'kotlin', lassoscript: 'lasso', ls: 'livescript', m: 'mercury', mak: 'makefile',
  make: 'makefile', md: 'markdown', mikrotik: 'routeros', mips: 'mipsasm', mjs: 'javascript', mk: 'makefile',
  mkd: 'markdown', mkdown: 'markdown', ml: 'sml', mm: 'objectivec', mma: 'mathematica', moo: 'mercury',
  moon: 'moonscript', mts: 'typescript', nc: 'gcode', nginxconf: 'nginx', nixos: 'nix', nt: 'nestedtext',
  'obj-c': 'objectivec', 'obj-c++': 'objectivec', objc: 'objectivec', 'objective-c++': 'objectivec',
  osascript: 'applescript', p21: 'step21', pas: 'delphi', pascal: 'delphi', patch: 'diff', pb: 'purebasic',
  pbi: 'purebasic', pcmk: 'crmsh', pde: 'processing', 'pf.conf': 'pf', pl: 'perl', plist: 'xml', pluto: 'lua',
  pm: 'perl', podspec: 'ruby', postgres: 'pgsql', postgresql: 'pgsql', pp: 'puppet', proto: 'protobuf',
  ps: 'powershell', ps1: 'powershell', pwsh: 'powershell', py: 'python', pycon: 'python-repl', qt: 'qml',
  rb: 'ruby', re: 'reasonml', rs: 'rust', rss: 'xml', scad: 'openscad', sci: 'scilab', scm: 'scheme',
  sh: 'bash', shellsession: 'shell', st: 'smalltalk', stanfuncs: 'stan', step: 'step21', stp: 'step21',
  styl: 'stylus', sv: 'verilog', svg: 'xml', svh: 'verilog', tao: 'xl', tex: 'latex', text: 'plaintext',
  thor: 'ruby', tk: 'tcl', toml: 'ini', ts: 'typescript', tsx: 'typescript', txt: 'plaintext', v: 'verilog',
  vb: 'vbnet', vbs: 'vbscript', 'wildfly-cli': 'jboss-cli', wl: 'mathematica', wsf: 'xml', 'x++': 'axapta',
  xhtml: 'xml', xjb: 'xml', xls: 'excel', xlsx: 'excel', xpath: 'xquery', xq: 'xquery', xqm: 'xquery',
  xsd: 'xml', xsl: 'xml', yml: 'yaml', zep: 'zephir', zone: 'dns', zsh: 'bash',
};

export const EMBEDDED: Readonly<Record<string, readonly string[]>> = {
  asciidoc: ['xml'], 'clojure-repl': ['clojure'], coffeescript: ['javascript'],
  cos: ['javascript', 'sql', 'xml'], dart: ['markdown'], django: ['xml'], dockerfile: ['bash'], dust: ['xml'],
  erb: ['ruby', 'xml'], haml: ['ruby'], handlebars: ['xml'], javascript: ['css', 'graphql', 'xml'],
  'julia-repl': ['julia'], livescript: ['javascript'], markdown: ['xml'], mojolicious: ['perl', 'xml'],
  nix: ['markdown'], 'node-repl': ['javascript'], parser3: ['xml'], perl: ['mojolicious'],
  pgsql: ['bash', 'java', 'json', 'lua', 'perl', 'php', 'python', 'r', 'ruby', 'scheme', 'tcl', 'xml'],
  'php-template': ['php', 'xml'], 'python-repl': ['python'], qml: ['xml'], shell: ['bash'], tap: ['yaml'],
  twig: ['xml'], typescript: ['css', 'graphql', 'xml'], 'vbscript-html': ['vbscript', 'xml'],
  xml: ['css', 'handlebars', 'javascript'], xquery: ['xml'], yaml: ['ruby'],
};
