/**
 * The fields of LiquidJS's parse result (`liquid.parse`) that the compiler reads. LiquidJS's typings
 * keep some of them private (a filter's handler, an HTML node's text); these are the shapes LiquidJS
 * 10.x builds, and the compiler checks each node's class before it trusts them.
 */

export interface TokenShape {
  kind: number;
  getText(): string;
}

export interface ContentToken extends TokenShape {
  content: unknown;
}

export interface PropertyAccessShape extends TokenShape {
  variable: TokenShape | undefined;
  props: TokenShape[];
}

export interface RangeShape extends TokenShape {
  lhs: TokenShape;
  rhs: TokenShape;
}

export interface OperatorShape extends TokenShape {
  operator: string;
}

export interface ExpressionShape {
  postfix: TokenShape[];
}

/** A filter argument: a value, or `key: value` as a pair. */
export type FilterArgShape = TokenShape | [string, TokenShape | undefined];

export interface FilterShape {
  name: string;
  /** The filter's output is not escaped (`raw`, `json_script`). */
  raw: boolean;
  args: FilterArgShape[];
  handler: (...args: unknown[]) => unknown;
  token: unknown;
}

export interface ValueShape {
  initial: ExpressionShape;
  filters: FilterShape[];
}

export interface HashShape {
  hash: Record<string, TokenShape | undefined>;
}

export interface HTMLShape {
  token: TokenShape;
  str: string;
}

export interface OutputShape {
  value: ValueShape;
}

export interface TemplateShape {
  token: TokenShape;
  name?: string;
}

export interface IfShape extends TemplateShape {
  branches: Array<{ value: ValueShape; templates: TemplateShape[] }>;
  elseTemplates?: TemplateShape[];
}

export interface UnlessShape extends TemplateShape {
  branches: Array<{ value: ValueShape; test: unknown; templates: TemplateShape[] }>;
  elseTemplates: TemplateShape[];
}

export interface CaseShape extends TemplateShape {
  value: ValueShape;
  branches: Array<{ values: TokenShape[]; templates: TemplateShape[] }>;
  elseTemplates: TemplateShape[];
}

export interface ForShape extends TemplateShape {
  variable: string;
  collection: TokenShape;
  hash: HashShape;
  templates: TemplateShape[];
  elseTemplates: TemplateShape[];
}

export interface AssignShape extends TemplateShape {
  key: string;
  value: ValueShape;
}

export interface CaptureShape extends TemplateShape {
  variable: string;
  templates: TemplateShape[];
}

export interface EchoShape extends TemplateShape {
  value?: ValueShape;
}

export interface RawShape extends TemplateShape {
  tokens: TokenShape[];
}

/** A file name as parsed: a plain name, or something evaluated (a quoted template, a variable). */
export type FileShape = string | undefined | object;

export interface IncludeShape extends TemplateShape {
  file: FileShape;
  withVar?: TokenShape;
  hash: HashShape;
}

/** `with x as y` or `for xs as y` of a `render` tag. */
export interface BindingShape {
  value: TokenShape;
  alias?: string;
}

export interface RenderShape extends TemplateShape {
  file: FileShape;
  with?: BindingShape;
  forBinding?: BindingShape;
  hash: HashShape;
}

export interface LayoutShape extends TemplateShape {
  file: FileShape;
  args: HashShape;
  templates: TemplateShape[];
}

export interface BlockShape extends TemplateShape {
  block: string;
  templates: TemplateShape[];
}
