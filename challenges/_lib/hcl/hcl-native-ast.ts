// The parts of hclsyntax's syntax tree that decide hcl2json's output; every other expression is
// `other`, rendered from its source text.

interface Span {
  readonly start: number;
  readonly end: number;
}

export type Expr = Span &
  (
    | { readonly kind: 'literal'; readonly value: number | boolean | null; readonly text: string }
    /** A literal part of a template, already unescaped and normalised. */
    | { readonly kind: 'string'; readonly value: string }
    | { readonly kind: 'template'; readonly parts: readonly Expr[] }
    /** A template that is one interpolation and nothing else: `"${x}"`. */
    | { readonly kind: 'wrap'; readonly inner: Expr }
    | { readonly kind: 'tuple'; readonly items: readonly Expr[] }
    | { readonly kind: 'object'; readonly items: readonly { key: Expr; value: Expr }[] }
    | { readonly kind: 'unary'; readonly op: '-' | '!'; readonly operand: Expr }
    /** A name followed only by attributes and constant indexes: `var.x`, `a.b[0]`. */
    | { readonly kind: 'traversal' }
    | { readonly kind: 'conditional'; readonly cond: Expr; readonly yes: Expr; readonly no: Expr }
    /** A `%{ for }` directive. */
    | {
        readonly kind: 'join';
        readonly keyVar: string | undefined;
        readonly valVar: string;
        readonly coll: Expr;
        readonly body: Expr;
      }
    | { readonly kind: 'other' }
  );

export interface Attribute {
  readonly name: string;
  readonly expr: Expr;
}

export interface Block {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: Body;
}

export interface Body {
  readonly attributes: readonly Attribute[];
  readonly blocks: readonly Block[];
}

/** A syntax error, or a value hcl2json cannot convert, with its line (0 when it has none). */
export class HclSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(line: number, column: number, message: string) {
    super(message);
    this.line = line;
    this.column = column;
  }
}
