/**
 * What the Terraform (HCL) mutation operators work on: the submission's files read into the objects the
 * operators target, and the edit machinery that keeps every mutant loadable. The operators are in
 * hcl.ts.
 */
import type { Mutant, SubmissionFile } from '../types.ts';

export interface Attribute {
  readonly kind: 'attribute';
  readonly name: string;
  /** First and last line (0-based, inclusive). */
  readonly start: number;
  readonly end: number;
  /** The value's text (after `=`), lines joined. */
  readonly value: string;
}

export interface Block {
  readonly kind: 'block';
  readonly type: string;
  readonly labels: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly children: readonly Node[];
}

export type Node = Attribute | Block;

export interface Target {
  readonly file: SubmissionFile;
  readonly lines: readonly string[];
  /** `aws_db_instance.orders`, `var.app_port`, `provider.aws`… */
  readonly object: string;
  readonly top: Block;
  /** `ingress[0].from_port`: where inside the object. */
  readonly path: string;
  readonly node: Node;
}

export const IDENT = /^\s*([A-Za-z_][\w-]*)\s*=(?![=>])/;
export const BLOCK = /^\s*([A-Za-z_][\w-]*)((?:\s+(?:"[^"]*"|[A-Za-z_][\w-]*))*)\s*\{\s*$/;

/** Depth of brackets before and after each line, and whether a line starts inside text (heredoc, comment, string). */
export function scanDepths(source: string): { before: number[]; after: number[]; inText: boolean[] } {
  const before: number[] = [0];
  const after: number[] = [];
  const inText: boolean[] = [false];
  // Each entry closes a context: '}' ']' ')' for code, '"' for a string, 'I' for an interpolation.
  const stack: string[] = [];
  let heredoc: string | undefined;
  let blockComment = false;
  let depth = 0;
  let i = 0;
  const newline = () => {
    after.push(depth);
    before.push(depth);
    inText.push(heredoc !== undefined || blockComment || stack.at(-1) === '"');
  };
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === '\n') {
      newline();
      i++;
      if (heredoc !== undefined) {
        const lineEnd = source.indexOf('\n', i);
        const line = source.slice(i, lineEnd === -1 ? source.length : lineEnd).trim();
        if (line === heredoc) heredoc = undefined;
      }
      continue;
    }
    if (heredoc !== undefined) {
      i++;
      continue;
    }
    if (blockComment) {
      if (source.startsWith('*/', i)) blockComment = false;
      i++;
      continue;
    }
    const top = stack.at(-1);
    if (top === '"') {
      if (ch === '\\') i++;
      else if (ch === '"') stack.pop();
      else if ((source.startsWith('${', i) || source.startsWith('%{', i)) && source[i - 1] !== ch) {
        stack.push('I');
        i++;
      }
      i++;
      continue;
    }
    if (ch === '#' || source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
      continue;
    }
    if (source.startsWith('/*', i)) {
      blockComment = true;
      i += 2;
      continue;
    }
    const here = /^<<-?([A-Za-z_]\w*)/.exec(source.slice(i, i + 80));
    if (here) {
      heredoc = here[1];
      i += here[0].length;
      continue;
    }
    if (ch === '"') stack.push('"');
    else if (ch === '{' || ch === '[' || ch === '(') {
      stack.push(ch === '{' ? '}' : ch === '[' ? ']' : ')');
      depth++;
    } else if (ch === '}' && top === 'I') stack.pop();
    else if ((ch === '}' || ch === ']' || ch === ')') && stack.length > 0) {
      stack.pop();
      depth--;
    }
    i++;
  }
  after.push(depth);
  return { before, after, inText };
}

/** The blocks and attributes of a file, or undefined when its brackets do not balance. */
export function parseNodes(source: string): Node[] | undefined {
  const lines = source.split('\n');
  const { before, after, inText } = scanDepths(source);
  if (after.at(-1) !== 0) return undefined;
  const endAt = (from: number, depth: number): number => {
    for (let j = from; j < lines.length; j++) if ((after[j] ?? 0) <= depth) return j;
    return lines.length - 1;
  };
  const body = (from: number, to: number, depth: number): Node[] => {
    const nodes: Node[] = [];
    for (let i = from; i <= to; i++) {
      if (inText[i] || before[i] !== depth) continue;
      const line = lines[i] ?? '';
      const attribute = IDENT.exec(line);
      if (attribute) {
        const end = endAt(i, depth);
        const value = [line.slice(line.indexOf('=') + 1), ...lines.slice(i + 1, end + 1)].join('\n').trim();
        nodes.push({ kind: 'attribute', name: attribute[1] as string, start: i, end, value });
        i = end;
        continue;
      }
      const block = BLOCK.exec(line);
      if (block) {
        const end = endAt(i + 1, depth);
        const labels = [...(block[2] ?? '').matchAll(/"([^"]*)"|([A-Za-z_][\w-]*)/g)].map(
          (m) => m[1] ?? m[2] ?? '',
        );
        nodes.push({
          kind: 'block',
          type: block[1] as string,
          labels,
          start: i,
          end,
          children: body(i + 1, end - 1, depth + 1),
        });
        i = end;
      }
    }
    return nodes;
  };
  return body(0, lines.length - 1, 0);
}

export function objectName(block: Block): string {
  const [a = '', b = ''] = block.labels;
  switch (block.type) {
    case 'resource':
      return `${a}.${b}`;
    case 'data':
      return `data.${a}.${b}`;
    case 'variable':
      return `var.${a}`;
    case 'module':
      return `module.${a}`;
    case 'output':
      return `output.${a}`;
    case 'provider':
      return `provider.${a}`;
    default:
      return block.type;
  }
}

/** Every node of every .tf file, with the object and path that name it. */
export function targets(files: readonly SubmissionFile[]): Target[] {
  const out: Target[] = [];
  for (const file of files) {
    if (!file.path.endsWith('.tf')) continue;
    const nodes = parseNodes(file.content);
    if (!nodes) continue;
    const lines = file.content.split('\n');
    for (const top of nodes) {
      if (top.kind !== 'block') continue;
      const object = objectName(top);
      out.push({ file, lines, object, top, path: '', node: top });
      const walk = (children: readonly Node[], prefix: string) => {
        const seen = new Map<string, number>();
        for (const node of children) {
          const name = node.kind === 'block' ? node.type : node.name;
          const index = seen.get(name) ?? 0;
          seen.set(name, index + 1);
          const path = node.kind === 'block' ? `${prefix}${name}[${index}]` : `${prefix}${name}`;
          out.push({ file, lines, object, top, path, node });
          if (node.kind === 'block') walk(node.children, `${path}.`);
        }
      };
      walk(top.children, '');
    }
  }
  return out;
}

/** The submission with one file's lines `start..end` replaced, and optional text appended to it. */
export function edit(
  files: readonly SubmissionFile[],
  target: Target,
  start: number,
  end: number,
  replacement: readonly string[],
  append = '',
): SubmissionFile[] {
  return files.map((file) => {
    if (file !== target.file) return { ...file };
    const lines = [...target.lines];
    lines.splice(start, end - start + 1, ...replacement);
    return { path: file.path, content: `${lines.join('\n')}${append}` };
  });
}

/** Replaces an attribute's value, keeping its name and indentation. */
export function setValue(
  files: readonly SubmissionFile[],
  target: Target,
  value: string,
  append = '',
): SubmissionFile[] {
  const { node } = target;
  const line = target.lines[node.start] ?? '';
  const head = line.slice(0, line.indexOf('=') + 1);
  return edit(files, target, node.start, node.end, [`${head} ${value}`], append);
}

export function mutant(
  operator: string,
  target: Target,
  detail: string,
  description: string,
  files: SubmissionFile[],
): Mutant {
  const where = [target.object, target.path].filter(Boolean).join(' ');
  return {
    id: `${operator} ${target.file.path} ${where}${detail ? ` ${detail}` : ''}`,
    operator,
    description: `${target.file.path}: ${where}: ${description}`,
    files,
  };
}

export const isResourceLike = (t: Target) => ['resource', 'data', 'module', 'provider'].includes(t.top.type);
export const attributes = (files: readonly SubmissionFile[]) =>
  targets(files).filter((t): t is Target & { node: Attribute } => t.node.kind === 'attribute');
export const LITERAL_CIDR = /"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})"/g;

export function widerCidr(text: string): string | undefined {
  LITERAL_CIDR.lastIndex = 0;
  const match = LITERAL_CIDR.exec(text);
  if (!match) return undefined;
  const prefix = Number(match[5]);
  if (prefix === 0) return undefined;
  const wider = Math.max(0, prefix - 8);
  const octets = match.slice(1, 5).map(Number);
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - wider);
  const network = Math.floor(address / size) * size;
  const dotted = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.');
  return text.replace(match[0], `"${dotted}/${wider}"`);
}
