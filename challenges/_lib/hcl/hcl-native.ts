import { type Block, type Body, type Expr, HclSyntaxError } from './hcl-native-ast.ts';
import { parseFile } from './hcl-native-body.ts';
import { Peeker } from './hcl-native-peek.ts';
import { scan, type Token } from './hcl-native-scan.ts';

export { HclSyntaxError } from './hcl-native-ast.ts';

/**
 * Parses one file of HCL's native syntax into exactly the JSON `@cdktf/hcl2json` gives for it, in
 * TypeScript: literals as JSON values, every other expression as a `"${…}"` string of its source text,
 * templates with their literal text escaped (`$${`, `%%{`) and their directives re-rendered, blocks
 * nested by type and label into arrays of bodies, and object keys in Go's sorted order.
 * test/challenges/hcl-native.differential.test.ts holds it to hcl2json on every Terraform file we have.
 *
 * Throws HclSyntaxError for the first error hcl2json would report first (line 0 when hcl2json's own
 * error has no position), and never anything else.
 */
export function parseHcl(source: string): Record<string, unknown> {
  const tokens = scan(source);
  const peeker = new Peeker(source, tokens);
  for (const token of tokens) {
    const problem = lexicalProblem(peeker, token);
    if (problem) peeker.fail(token, problem);
  }
  try {
    return sortKeys(new Converter(peeker).body(parseFile(peeker))) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof HclSyntaxError) throw error;
    // A guard, not a path: MAX_PARSE_DEPTH keeps recursion far below the stack's size.
    throw new HclSyntaxError(
      0,
      0,
      `could not parse: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** What hclsyntax's scanner reports on its own before it parses (checkInvalidTokens). */
function lexicalProblem(p: Peeker, token: Token): string | undefined {
  switch (token.type) {
    case '&':
    case '|':
    case '^':
    case '~':
      return 'Unsupported operator: bitwise operators are not supported';
    case '`':
      return 'Invalid character: "`" is not valid; a multi-line string is written as a heredoc ("<<EOT")';
    case "'":
      return 'Invalid character: single quotes are not valid; strings are enclosed in double quotes';
    case ';':
      return 'Invalid character: ";" is not valid; arguments and blocks are separated by newlines';
    case 'qnewline':
      return 'Invalid multi-line string: a quoted string may not be split over lines (use \\n or a heredoc)';
    case 'invalid':
      return `Invalid character: "${p.text(token)}" is not used within the language`;
    default:
      return undefined;
  }
}

class Converter {
  private readonly p: Peeker;

  constructor(p: Peeker) {
    this.p = p;
  }

  /** Blocks first, then attributes (which win over a block of the same name), as hcl2json does. */
  body(body: Body): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const block of body.blocks) this.block(block, out);
    for (const attribute of body.attributes) put(out, attribute.name, this.expression(attribute.expr));
    return out;
  }

  private block(block: Block, into: Record<string, unknown>): void {
    const value = this.body(block.body);
    let key = block.type;
    let target = into;
    const clash = () =>
      new HclSyntaxError(0, 0, `unable to convert block ${[block.type, ...block.labels].join('.')} to JSON`);
    for (const label of block.labels) {
      if (Object.hasOwn(target, key)) {
        const inner = target[key];
        if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) throw clash();
        target = inner as Record<string, unknown>;
      } else {
        const inner: Record<string, unknown> = {};
        put(target, key, inner);
        target = inner;
      }
      key = label;
    }
    if (!Object.hasOwn(target, key)) put(target, key, [value]);
    else if (Array.isArray(target[key])) (target[key] as unknown[]).push(value);
    else throw clash();
  }

  private expression(e: Expr): unknown {
    switch (e.kind) {
      case 'literal':
        return e.value;
      case 'unary':
        return this.unary(e);
      case 'template':
        return this.template(e.parts);
      case 'wrap':
        return this.expression(e.inner);
      case 'tuple':
        return e.items.map((item) => this.expression(item));
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const item of e.items) {
          const key = item.key.kind === 'traversal' ? this.source(item.key) : this.stringPart(item.key);
          put(out, key, this.expression(item.value));
        }
        return out;
      }
      default:
        return this.wrap(e);
    }
  }

  /** hcl2json evaluates an operator applied to a literal, and refuses the file if that fails. */
  private unary(e: Expr & { kind: 'unary' }): unknown {
    const operand = e.operand;
    if (operand.kind !== 'literal') return this.wrap(e);
    if (operand.value === null) this.p.fail(e.start, 'Operation failed: argument must not be null');
    if (e.op === '-') {
      if (typeof operand.value !== 'number') this.p.fail(operand.start, 'Invalid operand: number required');
      return -operand.value;
    }
    if (typeof operand.value !== 'boolean') this.p.fail(operand.start, 'Invalid operand: bool required');
    return !operand.value;
  }

  private template(parts: readonly Expr[]): string {
    return parts.map((part) => this.stringPart(part)).join('');
  }

  private stringPart(e: Expr): string {
    switch (e.kind) {
      case 'string':
        // Functions, because `$$` in a replacement string means one `$`.
        return e.value.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
      case 'literal':
        return typeof e.value === 'number' ? decimal(e.text) : String(e.value);
      case 'template':
        return this.template(e.parts);
      case 'wrap':
        return this.stringPart(e.inner);
      case 'conditional': {
        const no = this.stringPart(e.no);
        const otherwise = no.length > 0 ? `%{else}${no}` : '';
        return `%{if ${this.source(e.cond)}}${this.stringPart(e.yes)}${otherwise}%{endif}`;
      }
      case 'join': {
        const names = e.keyVar === undefined ? e.valVar : `${e.keyVar}, ${e.valVar}`;
        return `%{for ${names} in ${this.source(e.coll)}}${this.stringPart(e.body)}%{endfor}`;
      }
      default:
        return this.wrap(e);
    }
  }

  private wrap(e: Expr): string {
    return `\${${this.source(e)}}`;
  }

  /** An expression's source text; hcl2json also takes a `)` right after it. */
  private source(e: Expr): string {
    const end = this.p.src[e.end] === ')' ? e.end + 1 : e.end;
    return this.p.src.slice(e.start, end);
  }
}

/** Sets a key, including `__proto__`, as JSON.parse would. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}

/** Go's encoding/json writes object keys sorted by their bytes; hcl2json's JSON.parse keeps that order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value).sort(compareCodePoints);
  for (const key of keys) put(out, key, sortKeys((value as Record<string, unknown>)[key]));
  return out;
}

function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** A number literal as Go's big.Float writes it in full (`1e3` is `1000`, `1.50` is `1.5`). */
function decimal(text: string): string {
  const [, whole = '', fraction = '', exponent = '0'] =
    /^([0-9]+)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text) ?? [];
  const digits = `${whole}${fraction}`;
  const point = whole.length + Number(exponent);
  const padded =
    point > digits.length
      ? digits.padEnd(point, '0')
      : point < 0
        ? digits.padStart(digits.length - point, '0')
        : digits;
  const at = Math.max(point, 0);
  const integer = padded.slice(0, at).replace(/^0+(?=.)/, '') || '0';
  const rest = padded.slice(at).replace(/0+$/, '');
  return rest ? `${integer}.${rest}` : integer;
}
