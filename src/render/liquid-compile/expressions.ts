import { defaultOperators, filters as builtInFilters, TokenKind, toValue, toValueSync, type Context } from '../../vendor/liquid.js';
import { escapeHtml, handOver, isFalsy, isIterator, isObject, readProperty, type Runtime } from './runtime.js';
import type { ContentToken, ExpressionShape, FilterShape, HashShape, OperatorShape, PropertyAccessShape, RangeShape, TokenShape, ValueShape } from './shapes.js';

/** A compiled value: evaluated against one render's state. */
export type Evaluate = (rt: Runtime) => unknown;

/** Thrown while compiling: the template tree uses something the compiled path does not mirror. */
export class Unsupported extends Error {}

export function unsupported(what: string): never {
  throw new Unsupported(what);
}

export interface ExpressionCompiler {
  /** Filter implementations the compiled path may call: pure, reading nothing but their arguments. */
  pureFilters: ReadonlySet<unknown>;
  /** The `this` of a filter call: a LiquidJS context with the engine's options and no data. */
  filterContext: Context;
  liquid: unknown;
  strictVariables: boolean;
  /** The engine's `outputEscape` function, which `echo` calls itself (outputs have it as their last filter). */
  outputEscape: ((value: unknown) => unknown) | undefined;
}

type Operator = (l: unknown, r: unknown, ctx?: unknown) => unknown;
const operators = defaultOperators as unknown as Record<string, Operator>;

/** LiquidJS's `evalToken`: a literal, a variable path or a range, Drops kept. */
export function compileToken(c: ExpressionCompiler, token: TokenShape | undefined): Evaluate {
  if (!token) return () => undefined;
  switch (token.kind) {
    case TokenKind.Number:
    case TokenKind.Literal:
    case TokenKind.Word:
    case TokenKind.Quoted: {
      const content = (token as ContentToken).content;
      return () => content;
    }
    case TokenKind.PropertyAccess:
      return compileAccess(c, token as PropertyAccessShape);
    case TokenKind.Range:
      return compileRange(c, token as RangeShape);
    default:
      return unsupported(`token kind ${token.kind}`);
  }
}

/** LiquidJS's `evalTokenValue`: as compileToken, then a Drop's `valueOf`. */
function compileTokenValue(c: ExpressionCompiler, token: TokenShape): Evaluate {
  if (token.kind === TokenKind.Word || token.kind === TokenKind.Quoted || token.kind === TokenKind.Number) {
    const content = toValue((token as ContentToken).content);
    return () => content;
  }
  const value = compileToken(c, token);
  return (rt) => toValue(value(rt));
}

/** `a.b[c]`: every key first, in order, then the reads (LiquidJS's `evalPropertyAccessToken`). */
function compileAccess(c: ExpressionCompiler, token: PropertyAccessShape): Evaluate {
  const strict = c.strictVariables;
  const constant = token.props.every((p) => p.kind === TokenKind.Word || p.kind === TokenKind.Quoted || p.kind === TokenKind.Number);
  if (!token.variable && constant) {
    const keys = token.props.map((p) => toValue((p as ContentToken).content));
    const first = keys[0];
    if (keys.length === 1) {
      return (rt) => {
        const value = readProperty(rt, rt.findScope(first), first);
        if (strict && value === undefined) handOver('undefined variable');
        return value;
      };
    }
    if (keys.length === 2) {
      const second = keys[1];
      return (rt) => {
        let value = readProperty(rt, rt.findScope(first), first);
        if (strict && value === undefined) handOver('undefined variable');
        value = readProperty(rt, value, second);
        if (strict && value === undefined) handOver('undefined variable');
        return value;
      };
    }
    return (rt) => readPath(rt, rt.findScope(first), keys, strict);
  }
  const props = token.props.map((p) => compileTokenValue(c, p));
  const variable = token.variable ? compileToken(c, token.variable) : undefined;
  return (rt) => {
    const keys = props.map((p) => p(rt));
    const start = variable ? variable(rt) : rt.findScope(keys[0]);
    return readPath(rt, start, keys, strict);
  };
}

function readPath(rt: Runtime, scope: unknown, keys: readonly unknown[], strict: boolean): unknown {
  for (const key of keys) {
    scope = readProperty(rt, scope, key);
    if (strict && scope === undefined) handOver('undefined variable');
  }
  return scope;
}

/** `(a..b)`: LiquidJS's `evalRangeToken` (its memory limit is unlimited here, see compiler.ts). */
function compileRange(c: ExpressionCompiler, token: RangeShape): Evaluate {
  const low = compileTokenValue(c, token.lhs);
  const high = compileTokenValue(c, token.rhs);
  return (rt) => {
    const start = +(low(rt) as number);
    const stop = +(high(rt) as number) + 1;
    const out: number[] = [];
    for (let i = start; i < stop; i++) out.push(i);
    return out;
  };
}

/**
 * LiquidJS's `Expression`, from its postfix form: every operand is evaluated, in order (Liquid's
 * `and`/`or` do not short-circuit, so a strict undefined on the right still fails), then the operators.
 */
export function compileExpression(c: ExpressionCompiler, expression: ExpressionShape): Evaluate {
  const stack: Evaluate[] = [];
  for (const token of expression.postfix) {
    if (token.kind !== TokenKind.Operator) {
      stack.push(compileToken(c, token));
      continue;
    }
    const name = (token as OperatorShape).operator;
    const right = stack.pop();
    if (!right) return unsupported('operator without operand');
    if (name === 'not') {
      stack.push((rt) => isFalsy(rt, toValue(right(rt))));
      continue;
    }
    const left = stack.pop();
    if (!left) return unsupported('operator without operand');
    stack.push(binary(c, name, left, right));
  }
  if (stack.length !== 1) return unsupported('malformed expression');
  return stack[0]!;
}

function binary(c: ExpressionCompiler, name: string, left: Evaluate, right: Evaluate): Evaluate {
  const ctx = c.filterContext;
  const op = operators[name];
  if (!op) return unsupported(`operator ${name}`);
  // An object operand (a Drop such as nil, empty or blank, an array) takes LiquidJS's own operator.
  const delegate = (l: unknown, r: unknown): unknown => toValueSync(op(l, r, ctx));
  switch (name) {
    case '==':
      return (rt) => {
        const l = left(rt);
        const r = right(rt);
        return isObject(l) || isObject(r) ? delegate(l, r) : l === r;
      };
    case '!=':
      return (rt) => {
        const l = left(rt);
        const r = right(rt);
        return isObject(l) || isObject(r) ? delegate(l, r) : l !== r;
      };
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const compare = COMPARE[name]!;
      return (rt) => {
        const l = left(rt);
        const r = right(rt);
        return isObject(l) || isObject(r) ? delegate(l, r) : compare(l, r);
      };
    }
    case 'contains':
      return (rt) => {
        const l = left(rt);
        const r = right(rt);
        if (isObject(l) || isObject(r)) return delegate(l, r);
        return typeof l === 'string' ? l.indexOf(r as string) > -1 : false;
      };
    case 'and':
      return (rt) => {
        const l = left(rt);
        const r = right(rt);
        return !isFalsy(rt, l) && !isFalsy(rt, r);
      };
    case 'or':
      return (rt) => {
        const l = left(rt);
        const r = right(rt);
        return !isFalsy(rt, l) || !isFalsy(rt, r);
      };
    default:
      return unsupported(`operator ${name}`);
  }
}

const COMPARE: Record<string, (l: unknown, r: unknown) => boolean> = {
  '<': (l, r) => (l as number) < (r as number),
  '>': (l, r) => (l as number) > (r as number),
  '<=': (l, r) => (l as number) <= (r as number),
  '>=': (l, r) => (l as number) >= (r as number),
};

/** LiquidJS's `equals`, for `case`/`when`. */
export function liquidEquals(c: ExpressionCompiler, l: unknown, r: unknown): boolean {
  if (isObject(l) || isObject(r)) return Boolean(toValueSync(operators['==']!(l, r, c.filterContext)));
  return l === r;
}

/** A filtered value (`expr | f: a, b | g`), as LiquidJS's `Value`. */
export function compileValue(c: ExpressionCompiler, value: ValueShape): Evaluate {
  const initial = compileExpression(c, value.initial);
  const filters = value.filters.map((f) => compileFilter(c, f));
  if (filters.length === 0) return initial;
  if (filters.length === 1) {
    const only = filters[0]!;
    return (rt) => only(rt, initial(rt));
  }
  return (rt) => {
    let v = initial(rt);
    for (const filter of filters) v = filter(rt, v);
    return v;
  };
}

/** LiquidJS's `escape`, the filter every output ends with by default (`outputEscape`). */
export const LIQUID_ESCAPE: unknown = (builtInFilters as Record<string, unknown>)['escape'];

type CompiledFilter = (rt: Runtime, value: unknown) => unknown;

/** One filter call through LiquidJS's own implementation, with its arguments evaluated as LiquidJS does. */
function compileFilter(c: ExpressionCompiler, filter: FilterShape): CompiledFilter {
  const handler = filter.handler;
  if (!c.pureFilters.has(handler)) return unsupported(`filter ${filter.name}`);
  const self = { context: c.filterContext, token: filter.token, liquid: c.liquid };
  const args = filter.args.map((arg): ((rt: Runtime) => unknown) => {
    if (Array.isArray(arg)) {
      const [key, token] = arg;
      const value = compileToken(c, token);
      return (rt) => [key, value(rt)];
    }
    return compileToken(c, arg);
  });
  const settle = (result: unknown): unknown => (isIterator(result) ? toValueSync(result) : result);
  if (args.length === 0 && handler === LIQUID_ESCAPE) return (_rt, value) => escapeHtml(value);
  if (args.length === 0) return (_rt, value) => settle(handler.call(self, value));
  if (args.length === 1) {
    const only = args[0]!;
    return (rt, value) => settle(handler.call(self, value, only(rt)));
  }
  if (args.length === 2) {
    const [first, second] = args as [Evaluate, Evaluate];
    return (rt, value) => {
      const a = first(rt);
      return settle(handler.call(self, value, a, second(rt)));
    };
  }
  return (rt, value) => {
    const argv: unknown[] = [value];
    for (const arg of args) argv.push(arg(rt));
    return settle(handler.apply(self, argv));
  };
}

/** A tag's `key: value` arguments, as LiquidJS's `Hash.render` (a key without a value is true). */
export function compileHash(c: ExpressionCompiler, hash: HashShape): (rt: Runtime) => Record<string, unknown> {
  const into = compileHashInto(c, hash);
  return (rt) => {
    const out: Record<string, unknown> = {};
    into(rt, out);
    return out;
  };
}

/**
 * The arguments written straight into `target` (a scope), in order, as `Object.assign(target,
 * hash)` would copy them. `__proto__` would be the object's prototype in one and a key in the other.
 */
export function compileHashInto(c: ExpressionCompiler, hash: HashShape): (rt: Runtime, target: Record<string, unknown>) => void {
  const keys = Object.keys(hash.hash);
  if (keys.includes('__proto__')) return unsupported('an argument named __proto__');
  const values = keys.map((key): Evaluate => {
    const token = hash.hash[key];
    return token === undefined ? () => true : compileToken(c, token);
  });
  if (keys.length === 0) return () => undefined;
  return (rt, target) => {
    for (let i = 0; i < keys.length; i++) target[keys[i]!] = values[i]!(rt);
  };
}
