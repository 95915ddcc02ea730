import { Drop, toValue } from '../../vendor/liquid.js';

/**
 * The state of one compiled render, mirroring LiquidJS's `Context` (scopes, environments, globals,
 * registers) so that the compiled closures read and write data exactly where LiquidJS would.
 */

/** Thrown when a render meets anything the compiled path does not mirror: the page goes to LiquidJS. */
export class HandOver extends Error {
  constructor(readonly reason: string) {
    super(`compiled render handed over: ${reason}`);
  }
}

export function handOver(reason: string): never {
  throw new HandOver(reason);
}

export type Scope = Record<string, unknown>;

/**
 * The prototype of every scope: empty, frozen and itself without one. A scope made with no prototype
 * at all, as LiquidJS's are, is a slow dictionary object to V8; this one keeps `key in scope` the same.
 */
const SCOPE_PROTOTYPE: object = Object.freeze(Object.create(null) as object);

/** LiquidJS's `createScope`: nothing inherited, so `key in scope` sees only what was put there. */
export function createScope(from?: Record<string, unknown>): Scope {
  const scope = Object.create(SCOPE_PROTOTYPE) as Scope;
  if (from) Object.assign(scope, from);
  return scope;
}

export interface RuntimeOptions {
  strictVariables: boolean;
  ownPropertyOnly: boolean;
  jsTruthy: boolean;
}

/** LiquidJS's emitter: what a template writes, appended. */
export class Emitter {
  buffer = '';
}

export class Runtime {
  readonly scopes: Scope[] = [createScope()];
  readonly registers: Record<string, unknown> = {};
  readonly env: object;
  /** Set by `break` and `continue`: every template list stops after the node that set it (LiquidJS's `renderTemplates`). */
  breakCalled = false;
  continueCalled = false;

  constructor(
    env: unknown,
    readonly globals: object,
    readonly opts: RuntimeOptions,
  ) {
    this.env = isObject(env) ? env : Object(env);
  }

  /** LiquidJS's `findScope`: the innermost scope holding `key`, else the environment, else the globals. */
  findScope(key: unknown): object {
    const scopes = this.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      if ((key as string) in scopes[i]!) return scopes[i]!;
    }
    if ((key as string) in this.env) return this.env;
    return this.globals;
  }

  bottom(): Scope {
    return this.scopes[0]!;
  }

  push(scope: Scope): void {
    this.scopes.push(scope);
  }

  pop(): void {
    this.scopes.pop();
  }

  /** As LiquidJS's `getRegister`, which stores `registers[key] || defaultValue`. */
  getRegister<T>(key: string, defaultValue?: T): T {
    return (this.registers[key] = this.registers[key] || defaultValue) as T;
  }

  setRegister(key: string, value: unknown): void {
    this.registers[key] = value;
  }

  /** The isolated context of a `render` tag (LiquidJS's `spawn`): empty environment, same globals. */
  spawn(): Runtime {
    return new Runtime({}, this.globals, this.opts);
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

export function isObject(value: unknown): value is object {
  const type = typeof value;
  return value !== null && (type === 'object' || type === 'function');
}

/** LiquidJS's `isIterator`: a value LiquidJS would run as a generator when it passes through `yield`. */
export function isIterator(value: unknown): boolean {
  if (!isObject(value)) return false;
  const it = value as { next?: unknown; throw?: unknown; return?: unknown };
  return typeof it.next === 'function' && typeof it.throw === 'function' && typeof it.return === 'function';
}

/** `forloop`, as LiquidJS's ForloopDrop: same fields in the same order, same methods. */
export class ForloopDrop extends Drop {
  i = 0;
  length: number;
  name: string;
  constructor(length: number, collection: string, variable: string) {
    super();
    this.length = length;
    this.name = `${variable}-${collection}`;
  }
  next(): void {
    this.i++;
  }
  index0(): number {
    return this.i;
  }
  index(): number {
    return this.i + 1;
  }
  first(): boolean {
    return this.i === 0;
  }
  last(): boolean {
    return this.i === this.length - 1;
  }
  rindex(): number {
    return this.length - this.i;
  }
  rindex0(): number {
    return this.length - this.i - 1;
  }
  override valueOf(): string {
    return JSON.stringify(this);
  }
}

/** `block` inside a block tag: any read of it (`block.super`) hands the page over to LiquidJS. */
export class BlockDrop extends Drop {
  constructor(readonly superBlockRender: (emitter: Emitter) => void = () => undefined) {
    super();
  }
}

/**
 * LiquidJS's `Context.readProperty` under our options: own properties only (unless a Drop), `size`,
 * `first` and `last` as Liquid defines them. Reads with `hasOwnProperty` then `obj[key]`, as LiquidJS
 * does, so a Proxy watching reads (view-fields.ts) sees the same reads.
 */
export function readProperty(rt: Runtime, obj: unknown, key: unknown): unknown {
  // Most reads are a named field of a plain record (the page data, a scope, a post view): no Drop,
  // no array and no special key, so only the own-property read and the value's checks apply.
  if (typeof key === 'string' && typeof obj === 'object' && obj !== null && key !== 'size' && key !== 'first' && key !== 'last') {
    const proto: unknown = Object.getPrototypeOf(obj);
    if (proto === Object.prototype || proto === SCOPE_PROTOTYPE || proto === null) {
      if (typeof (obj as { toLiquid?: unknown }).toLiquid === 'function') handOver('toLiquid');
      if (rt.opts.ownPropertyOnly && !hasOwn.call(obj, key)) return undefined;
      const value = (obj as Record<string, unknown>)[key];
      if (typeof value === 'function') handOver('a function value');
      return typeof value === 'object' && value !== null ? checked(value) : value;
    }
  }
  if (isObject(obj) && typeof (obj as { toLiquid?: unknown }).toLiquid === 'function') handOver('toLiquid');
  if (key instanceof Drop) handOver('Drop as a key');
  if (obj === null || obj === undefined) return obj;
  const own = rt.opts.ownPropertyOnly;
  if (Array.isArray(obj) && typeof key === 'number') {
    let index = key;
    if (index < 0) index = obj.length + index;
    if (own && !hasOwn.call(obj, index)) return checked(undefined);
    return checked(obj[index]);
  }
  const isDrop = obj instanceof Drop;
  if (isDrop && !(obj instanceof ForloopDrop)) handOver('a Drop');
  let value: unknown;
  if (own && !hasOwn.call(obj, key as PropertyKey) && !isDrop) value = undefined;
  else value = (obj as Record<PropertyKey, unknown>)[key as PropertyKey];
  if (value === undefined && isDrop) return undefined;
  if (typeof value === 'function') {
    if (!isDrop) handOver('a function value');
    return checked((value as () => unknown).call(obj));
  }
  if (key === 'size') return checked(readSize(obj));
  if (key === 'first') return checked(Array.isArray(obj) ? readElement(obj, 0, own) : readOwn(obj, 'first', own));
  if (key === 'last') return checked(Array.isArray(obj) ? readElement(obj, -1, own) : readOwn(obj, 'last', own));
  return checked(value);
}

/** A value LiquidJS would run as a generator is not one the compiled path mirrors. */
function checked(value: unknown): unknown {
  if (isObject(value) && isIterator(value)) handOver('an iterator value');
  return value;
}

function readOwn(obj: object, key: string, own: boolean): unknown {
  if (own && !hasOwn.call(obj, key) && !(obj instanceof Drop)) return undefined;
  return (obj as Record<string, unknown>)[key];
}

function readElement(arr: unknown[], index: number, own: boolean): unknown {
  if (index < 0) index = arr.length + index;
  if (own && !hasOwn.call(arr, index)) return undefined;
  return arr[index];
}

function readSize(obj: object): unknown {
  const record = obj as Record<string, unknown>;
  if (hasOwn.call(obj, 'size') || record['size'] !== undefined) return record['size'];
  if (Array.isArray(obj) || typeof obj === 'string') return (obj as { length: number }).length;
  if (typeof obj === 'object') return Object.keys(obj).length;
  return undefined;
}

/** LiquidJS's `stringify`: how a value is written out. */
export function stringify(value: unknown): string {
  value = toValue(value);
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((x) => stringify(x)).join('');
  return String(value);
}

const ESCAPED = /[&<>"']/;
const ESCAPES = /[&<>"']/g;
const ESCAPE_MAP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/**
 * LiquidJS's `escape` filter, to the same text (its memory limit is unlimited here, see compiler.ts):
 * a string with nothing to escape, most of a page's values, is returned as it is, not copied.
 */
export function escapeHtml(value: unknown): string {
  const text = stringify(value);
  return ESCAPED.test(text) ? text.replace(ESCAPES, (m) => ESCAPE_MAP[m]!) : text;
}

/** LiquidJS's `isFalsy` (Liquid's rule: only false, nil and undefined; JavaScript's with `jsTruthy`). */
export function isFalsy(rt: Runtime, value: unknown): boolean {
  value = toValue(value);
  if (rt.opts.jsTruthy) return !value;
  return value === false || value === undefined || value === null;
}

/** LiquidJS's `toEnumerable`: what a `for` loop walks. */
export function toEnumerable(value: unknown): unknown[] {
  value = toValue(value);
  if (Array.isArray(value)) return value;
  if (typeof value === 'string' && value.length > 0) return [value];
  if (isObject(value) && Symbol.iterator in value) return Array.from(value as Iterable<unknown>);
  if (isObject(value)) return Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]]);
  return [];
}
