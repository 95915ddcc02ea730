import type { Root } from 'hast';
import type { HLJSApi, Language, LanguageFn } from 'highlight.js';
import { walk } from './hast-fixes.js';
import { GRAMMAR_FACTS } from './highlight-facts.js';

/** What registering a grammar reads of its definition: its name and aliases, for one version of highlight.js. */
export interface GrammarFacts {
  version: string;
  grammars: Record<string, { name?: string; aliases?: string | string[] }>;
}

/** The grammars for rehype-highlight, and the step that readies those a tree's code blocks name. */
export interface DeferredGrammars {
  languages: Record<string, LanguageFn>;
  /** Runs the definitions of the grammars `tree`'s code blocks need, and those they hand code to. */
  prepare(tree: Root, plainText: readonly string[]): void;
}

interface StandIn {
  proxy: Language;
  real?: Language;
  /** Used in place of the grammar by highlight.js (a grammar this step did not ready): it stays. */
  touched: boolean;
}

/**
 * highlight.js runs every grammar's definition when it is registered: about 190 of them, 10–15 ms
 * of each render worker's start, for posts that name a few languages. Here every grammar of `all`
 * is registered as before, in the same order, but as a stand-in that answers the two fields
 * registering reads (its name and aliases, from GRAMMAR_FACTS), so the registry and its aliases are
 * exactly those of an eager registration. A grammar's definition runs when `prepare` finds a code
 * block that names it, or one it hands code to (`subLanguage`), and the grammar then replaces its
 * stand-in; anything else that reaches a stand-in (a sub-language this step missed) finds it
 * forwarding to the definition's result, so the output cannot differ, only that grammar is slower.
 * For another version of highlight.js, or a grammar the facts lack, definitions run as they register.
 */
export function deferredGrammars(all: Record<string, LanguageFn>, facts: GrammarFacts = GRAMMAR_FACTS): DeferredGrammars {
  const standIns = new Map<string, StandIn>();
  const keys = new Map<object, string>();
  let api: HLJSApi | undefined;

  const languages: Record<string, LanguageFn> = {};
  for (const [key, define] of Object.entries(all)) {
    const known = facts.grammars[key];
    languages[key] = (hljs: HLJSApi): Language => {
      api = hljs;
      if (known === undefined || hljs.versionString !== facts.version) return define(hljs);
      const standIn = standInFor(define, known, hljs);
      standIns.set(key, standIn);
      keys.set(standIn.proxy, key);
      return standIn.proxy;
    };
  }

  const ready = (key: string): void => {
    const standIn = standIns.get(key);
    if (standIn === undefined || standIn.real !== undefined) return;
    const real = realOf(standIn);
    keys.set(real, key);
    // The stand-in's place in the registry goes to the grammar; the aliases registered for the
    // stand-in stay as they are (registering them again would take some from later grammars).
    const aliases = real.aliases;
    if (aliases !== undefined) real.aliases = undefined;
    api!.registerLanguage(key, () => real);
    if (aliases !== undefined) real.aliases = aliases;
    for (const named of subLanguages(real)) {
      if (named === 'all') for (const other of standIns.keys()) ready(other);
      else readyNamed(named);
    }
  };
  const readyNamed = (name: string): void => {
    const language = api?.getLanguage(name);
    const key = language === undefined ? undefined : keys.get(language);
    if (key !== undefined) ready(key);
  };

  return {
    languages,
    prepare(tree, plainText) {
      if (standIns.size === 0) return;
      walk(tree, (node) => {
        if (node.tagName !== 'pre') return;
        for (const child of node.children) {
          if (child.type !== 'element' || child.tagName !== 'code') continue;
          const name = languageOf(child.properties.className);
          if (name && !plainText.includes(name)) readyNamed(name);
        }
      });
    },
  };
}

/** The definition's result, made once; a stand-in keeps forwarding to it. */
function realOf(standIn: StandIn): Language {
  return standIn.real ?? (standIn.proxy as unknown as { [REAL]: Language })[REAL];
}

const REAL = Symbol('grammar');

function standInFor(define: LanguageFn, known: GrammarFacts['grammars'][string], hljs: HLJSApi): StandIn {
  // What registering sets before the grammar is made (its `rawDefinition`, a missing `name`).
  const early: Record<PropertyKey, unknown> = {};
  const standIn: StandIn = { proxy: undefined as unknown as Language, touched: false };
  const make = (): Language => {
    if (standIn.real === undefined) standIn.real = Object.assign(define(hljs), early);
    return standIn.real;
  };
  const use = (): Language => {
    standIn.touched = true;
    return make();
  };
  standIn.proxy = new Proxy({} as Language, {
    get(_target, property, receiver) {
      if (property === REAL) return make();
      if (standIn.real === undefined && !standIn.touched) {
        if (property === 'name') return early.name ?? known.name;
        if (property === 'aliases') return known.aliases;
      }
      return Reflect.get(use(), property, receiver === standIn.proxy ? standIn.real : receiver);
    },
    set(_target, property, value, receiver) {
      if (standIn.real === undefined && !standIn.touched && (property === 'name' || property === 'rawDefinition')) {
        early[property] = value;
        return true;
      }
      return Reflect.set(use(), property, value, receiver === standIn.proxy ? standIn.real : receiver);
    },
    has: (_target, property) => Reflect.has(use(), property),
    ownKeys: () => Reflect.ownKeys(use()),
    getOwnPropertyDescriptor: (_target, property) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(use(), property);
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
    defineProperty: (_target, property, descriptor) => Reflect.defineProperty(use(), property, descriptor),
    deleteProperty: (_target, property) => Reflect.deleteProperty(use(), property),
  });
  return standIn;
}

/** The languages a grammar hands code to, by name, or 'all' when it detects among every language. */
function subLanguages(language: Language): string[] {
  const found = new Set<string>();
  const seen = new Set<object>();
  const stack: unknown[] = [language];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || value instanceof RegExp || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    for (const [field, item] of Object.entries(value)) {
      if (field === 'subLanguage') {
        if (typeof item === 'string') found.add(item);
        else if (Array.isArray(item)) {
          if (item.length === 0) found.add('all');
          for (const name of item) if (typeof name === 'string') found.add(name);
        }
      } else stack.push(item);
    }
  }
  return [...found];
}

/** The language a code block names, as rehype-highlight reads it (`language-x` or `lang-x`, none with `no-highlight`). */
function languageOf(className: unknown): string | undefined {
  if (!Array.isArray(className)) return undefined;
  let name: string | undefined;
  for (const item of className) {
    const value = String(item);
    if (value === 'no-highlight' || value === 'nohighlight') return undefined;
    if (!name && value.startsWith('lang-')) name = value.slice(5);
    if (!name && value.startsWith('language-')) name = value.slice(9);
  }
  return name;
}

/** The facts registering reads of each grammar of `all`, as `hljs` (an instance of this highlight.js) gives them. */
export function grammarFacts(all: Record<string, LanguageFn>, hljs: HLJSApi): GrammarFacts {
  const grammars: GrammarFacts['grammars'] = {};
  for (const [key, define] of Object.entries(all)) {
    const { name, aliases } = define(hljs);
    grammars[key] = { ...(name ? { name } : {}), ...(aliases !== undefined ? { aliases } : {}) };
  }
  return { version: hljs.versionString, grammars };
}
