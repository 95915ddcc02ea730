import {
  AssignTag, BlockTag, BreakTag, CaptureTag, CaseTag, CommentTag, ContinueTag, EchoTag, ForTag, IfTag, IncludeTag, isFalsy as liquidIsFalsy, LayoutTag, Output, RawTag, RenderTag,
  tags as builtInTags, TokenKind, toValue, toValueSync, UnlessTag,
} from '../../vendor/liquid.js';
import { compileHash, compileHashInto, compileToken, compileValue, LIQUID_ESCAPE, liquidEquals, unsupported, type Evaluate, type ExpressionCompiler } from './expressions.js';
import { BlockDrop, createScope, Emitter, escapeHtml, ForloopDrop, handOver, isFalsy, isIterator, Runtime, stringify, toEnumerable } from './runtime.js';
import type {
  AssignShape, BlockShape, CaptureShape, CaseShape, EchoShape, FileShape, ForShape, HTMLShape, IfShape, IncludeShape, LayoutShape, OutputShape, RawShape,
  RenderShape, TemplateShape, UnlessShape,
} from './shapes.js';

/** A compiled template node: writes to the emitter, reads and writes the render's state. */
export type Node = (rt: Runtime, em: Emitter) => void;

/** A compiled template file, filled in once compiled (a partial may include itself). */
export interface CompiledFile {
  node: Node;
}

export interface TemplateCompiler extends ExpressionCompiler {
  /** The compiled form of a partial or layout by name as written in the tag, or Unsupported. */
  file(kind: 'partials' | 'layouts', name: string): CompiledFile;
}

// LiquidJS's block modes (registers), as its layout and block tags set them.
const OUTPUT = 0;
const STORE = 1;
const MODIFIERS = ['offset', 'limit', 'reversed'];

type BlockRender = (superBlock: BlockDrop, em: Emitter) => void;

/** The built-in tags this compiler mirrors, by class: a plugin's tag (or a subclass) is not one of them. */
const COMPILERS = new Map<unknown, (c: TemplateCompiler, tag: never) => Node>([
  [AssignTag, compileAssign],
  [CaptureTag, compileCapture],
  [CaseTag, compileCase],
  [CommentTag, () => noop],
  [builtInTags['#'], () => noop],
  [ForTag, compileFor],
  [IfTag, compileIf],
  [UnlessTag, compileUnless],
  [IncludeTag, compileInclude],
  [RenderTag, compileRender],
  [LayoutTag, compileLayout],
  [BlockTag, compileBlock],
  [RawTag, compileRaw],
  [EchoTag, compileEcho],
  [BreakTag, () => (rt: Runtime) => void (rt.breakCalled = true)],
  [ContinueTag, () => (rt: Runtime) => void (rt.continueCalled = true)],
]);

function noop(): void {}

/** A list of templates, as LiquidJS's `renderTemplates` writes them: one after the other. */
export function compileList(c: TemplateCompiler, templates: readonly TemplateShape[]): Node {
  const nodes: Node[] = [];
  let text = '';
  for (const template of templates) {
    if (template.token.kind === TokenKind.HTML) {
      text += (template as unknown as HTMLShape).str;
      continue;
    }
    if (text) nodes.push(writeText(text));
    text = '';
    nodes.push(compileTemplate(c, template));
  }
  if (text) nodes.push(writeText(text));
  if (nodes.length === 0) return noop;
  if (nodes.length === 1) return nodes[0]!;
  return (rt, em) => {
    for (const node of nodes) {
      node(rt, em);
      if (rt.breakCalled || rt.continueCalled) break;
    }
  };
}

function writeText(text: string): Node {
  return (_rt, em) => {
    em.buffer += text;
  };
}

function compileTemplate(c: TemplateCompiler, template: TemplateShape): Node {
  const kind = template.constructor;
  if (kind === Output) return compileOutput(c, template as unknown as OutputShape);
  const compile = COMPILERS.get(kind);
  if (!compile) return unsupported(`tag ${template.name ?? '?'}`);
  return compile(c, template as never);
}

function compileOutput(c: TemplateCompiler, output: OutputShape): Node {
  const value = compileValue(c, output.value);
  return (rt, em) => {
    const v = value(rt);
    em.buffer += typeof v === 'string' ? v : stringify(toValue(v));
  };
}

/** `echo`: an output whose escape LiquidJS applies in the tag rather than as a parsed filter. */
function compileEcho(c: TemplateCompiler, tag: EchoShape): Node {
  if (!tag.value) return noop;
  const value = compileValue(c, tag.value);
  const filters = tag.value.filters;
  const escape = filters[filters.length - 1]?.raw ? undefined : c.outputEscape;
  if (escape && !c.pureFilters.has(escape)) return unsupported('outputEscape');
  const self = { context: c.filterContext, token: tag.token, liquid: c.liquid };
  if (escape === LIQUID_ESCAPE) {
    return (rt, em) => {
      em.buffer += escapeHtml(toValue(value(rt)));
    };
  }
  return (rt, em) => {
    let v = toValue(value(rt));
    if (escape) {
      v = escape.call(self, v);
      if (isIterator(v)) v = toValueSync(v);
    }
    em.buffer += stringify(v);
  };
}

function compileAssign(c: TemplateCompiler, tag: AssignShape): Node {
  const value = compileValue(c, tag.value);
  const key = tag.key;
  return (rt) => {
    rt.bottom()[key] = value(rt);
  };
}

function compileCapture(c: TemplateCompiler, tag: CaptureShape): Node {
  const body = compileList(c, tag.templates);
  const variable = tag.variable;
  return (rt) => {
    const inner = new Emitter();
    body(rt, inner);
    rt.bottom()[variable] = inner.buffer;
  };
}

function compileRaw(_c: TemplateCompiler, tag: RawShape): Node {
  const text = tag.tokens.map((token) => token.getText()).join('');
  return text ? writeText(text) : noop;
}

function compileIf(c: TemplateCompiler, tag: IfShape): Node {
  const branches = tag.branches.map((b) => ({ test: compileValue(c, b.value), body: compileList(c, b.templates) }));
  const otherwise = compileList(c, tag.elseTemplates ?? []);
  return (rt, em) => {
    for (const branch of branches) {
      if (!isFalsy(rt, toValue(branch.test(rt)))) {
        branch.body(rt, em);
        return;
      }
    }
    otherwise(rt, em);
  };
}

function compileUnless(c: TemplateCompiler, tag: UnlessShape): Node {
  const branches = tag.branches.map((b) => ({
    value: compileValue(c, b.value),
    // The `unless` branch renders on a falsy value, its `elsif` branches on a truthy one.
    whenFalsy: b.test === liquidIsFalsy,
    body: compileList(c, b.templates),
  }));
  const otherwise = compileList(c, tag.elseTemplates);
  return (rt, em) => {
    for (const branch of branches) {
      if (isFalsy(rt, toValue(branch.value(rt))) === branch.whenFalsy) {
        branch.body(rt, em);
        return;
      }
    }
    otherwise(rt, em);
  };
}

/** As LiquidJS's `case`: every `when` value is tried, and each branch that matches renders. */
function compileCase(c: TemplateCompiler, tag: CaseShape): Node {
  const target = compileValue(c, tag.value);
  const branches = tag.branches.map((b) => ({ values: b.values.map((v) => compileToken(c, v)), body: compileList(c, b.templates) }));
  const otherwise = compileList(c, tag.elseTemplates);
  return (rt, em) => {
    const subject = toValue(target(rt));
    let hit = false;
    for (const branch of branches) {
      for (const value of branch.values) {
        if (liquidEquals(c, subject, value(rt))) {
          branch.body(rt, em);
          hit = true;
          break;
        }
      }
    }
    if (!hit) otherwise(rt, em);
  };
}

const NO_ARGUMENTS: Readonly<Record<string, unknown>> = Object.freeze({});

function compileFor(c: TemplateCompiler, tag: ForShape): Node {
  const collection = compileToken(c, tag.collection);
  const collectionText = tag.collection.getText();
  const variable = tag.variable;
  const hash = compileHash(c, tag.hash);
  const body = compileList(c, tag.templates);
  const otherwise = compileList(c, tag.elseTemplates);
  const continueKey = 'continue-' + variable + '-' + collectionText;
  const hasArguments = Object.keys(tag.hash.hash).length > 0;
  return (rt, em) => {
    let items = toEnumerable(collection(rt));
    if (!items.length) {
      otherwise(rt, em);
      return;
    }
    let args = NO_ARGUMENTS;
    // The `continue` register's default is stored below anyway: without arguments nothing reads it.
    if (hasArguments) {
      rt.push(createScope({ continue: rt.getRegister(continueKey, {}) }));
      args = hash(rt);
      rt.pop();
    }
    for (const modifier of MODIFIERS) {
      if (args[modifier] === undefined) continue;
      if (modifier === 'offset') items = items.slice(args['offset'] as number);
      else if (modifier === 'limit') items = items.slice(0, args['limit'] as number);
      else items = [...items].reverse();
    }
    rt.setRegister(continueKey, ((args['offset'] as number) || 0) + items.length);
    const forloop = new ForloopDrop(items.length, collectionText, variable);
    const scope = createScope({ forloop });
    rt.push(scope);
    for (const item of items) {
      scope[variable] = item;
      rt.continueCalled = rt.breakCalled = false;
      body(rt, em);
      if (rt.breakCalled) break;
      forloop.next();
    }
    rt.continueCalled = rt.breakCalled = false;
    rt.pop();
  };
}

/** The partial's name when it is a plain name LiquidJS finds among the parsed templates; else Unsupported. */
function plainFile(file: FileShape): string {
  // Relative names (`./x`, `../x`) resolve against the including file: LiquidJS's lookup decides those.
  if (typeof file !== 'string' || file.startsWith('.')) return unsupported('a computed or relative file name');
  return file;
}

/** `include`: the partial sees and changes the includer's variables; its own arguments on top. */
function compileInclude(c: TemplateCompiler, tag: IncludeShape): Node {
  const name = plainFile(tag.file);
  const partial = c.file('partials', name);
  const hash = compileHashInto(c, tag.hash);
  const withVar: Evaluate | undefined = tag.withVar ? compileToken(c, tag.withVar) : undefined;
  return (rt, em) => {
    const saved: Array<[string, unknown]> = [['blocks', rt.getRegister('blocks')], ['blockMode', rt.getRegister('blockMode')]];
    rt.setRegister('blocks', {});
    rt.setRegister('blockMode', OUTPUT);
    const scope = createScope();
    hash(rt, scope);
    if (withVar) scope[name] = withVar(rt);
    rt.push(scope);
    partial.node(rt, em);
    rt.pop();
    for (const [key, value] of saved) rt.setRegister(key, value);
  };
}

/**
 * `render`: the partial sees only its arguments (and the globals), in a context of its own; `with x
 * as y` adds one more, `for xs as y` renders it once per item with a `forloop`.
 */
function compileRender(c: TemplateCompiler, tag: RenderShape): Node {
  const name = plainFile(tag.file);
  const partial = c.file('partials', name);
  const hash = compileHashInto(c, tag.hash);
  const withValue = tag.with && { value: compileToken(c, tag.with.value), key: tag.with.alias || name };
  const forBinding = tag.forBinding && { value: compileToken(c, tag.forBinding.value), text: tag.forBinding.value.getText(), alias: tag.forBinding.alias };
  return (rt, em) => {
    const child = rt.spawn();
    const scope = child.bottom();
    hash(rt, scope);
    if (withValue) scope[withValue.key] = withValue.value(rt);
    if (!forBinding) {
      partial.node(child, em);
      return;
    }
    const items = toEnumerable(forBinding.value(rt));
    // As LiquidJS: without `as`, the item and the loop are named after `undefined`.
    const alias = forBinding.alias as string;
    const forloop = new ForloopDrop(items.length, forBinding.text, alias);
    scope['forloop'] = forloop;
    for (const item of items) {
      scope[alias] = item;
      partial.node(child, em);
      forloop.next();
    }
  };
}

/**
 * `layout`: the rest of the template renders first with blocks stored (its other output becomes the
 * anonymous block), then the layout renders in the same state, placing the stored blocks.
 */
function compileLayout(c: TemplateCompiler, tag: LayoutShape): Node {
  const body = compileList(c, tag.templates);
  if (tag.file === undefined) {
    return (rt, em) => {
      rt.setRegister('blockMode', OUTPUT);
      body(rt, em);
    };
  }
  const layout = c.file('layouts', plainFile(tag.file));
  const args = compileHash(c, tag.args);
  return (rt, em) => {
    rt.setRegister('blockMode', STORE);
    const inner = new Emitter();
    body(rt, inner);
    const html = inner.buffer;
    const blocks = rt.getRegister<Record<string, BlockRender>>('blocks', {});
    if (blocks[''] === undefined) {
      blocks[''] = (_parent, out) => {
        out.buffer += html;
      };
    }
    rt.setRegister('blockMode', OUTPUT);
    rt.push(createScope(args(rt)));
    layout.node(rt, em);
    rt.pop();
  };
}

/** `block`: stored while a child template renders for its layout, else written (the child's if stored). */
function compileBlock(c: TemplateCompiler, tag: BlockShape): Node {
  const body = compileList(c, tag.templates);
  const name = tag.block;
  const blockRender = (rt: Runtime): BlockRender => {
    const renderChild = rt.getRegister<Record<string, BlockRender>>('blocks', {})[name];
    const renderCurrent: BlockRender = (superBlock, em) => {
      const stack = rt.getRegister<unknown[]>('blockStack', []);
      if (stack.includes(tag)) handOver('nested block');
      stack.push(tag);
      rt.push(createScope({ block: superBlock }));
      body(rt, em);
      rt.pop();
      stack.pop();
    };
    return renderChild ? (superBlock, em) => renderChild(new BlockDrop((out) => renderCurrent(superBlock, out)), em) : renderCurrent;
  };
  return (rt, em) => {
    const render = blockRender(rt);
    if (rt.getRegister('blockMode') === STORE) rt.getRegister<Record<string, BlockRender>>('blocks', {})[name] = render;
    else render(new BlockDrop(), em);
  };
}
