import type { Mutant, MutationOperator, SubmissionFile } from '../types.ts';

/**
 * Mutation operators for Terraform (`.tf` files in HCL). Each one makes the changes a reviewer would
 * reject (a wider range, a dropped resource or argument, a flipped flag, a hard-coded secret, a value
 * moved behind an input or a data source, both subnets in one zone, another port, a missing tag) and
 * edits the text line by line, so a mutant is still a file Terraform loads. Objects are found with a
 * small scanner that knows strings, interpolations, heredocs and comments; ids name the operator, the
 * file, the object and the argument path, and are stable for the same input.
 */

interface Attribute {
  readonly kind: 'attribute';
  readonly name: string;
  /** First and last line (0-based, inclusive). */
  readonly start: number;
  readonly end: number;
  /** The value's text (after `=`), lines joined. */
  readonly value: string;
}

interface Block {
  readonly kind: 'block';
  readonly type: string;
  readonly labels: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly children: readonly Node[];
}

type Node = Attribute | Block;

interface Target {
  readonly file: SubmissionFile;
  readonly lines: readonly string[];
  /** `aws_db_instance.orders`, `var.app_port`, `provider.aws`… */
  readonly object: string;
  readonly top: Block;
  /** `ingress[0].from_port`: where inside the object. */
  readonly path: string;
  readonly node: Node;
}

const IDENT = /^\s*([A-Za-z_][\w-]*)\s*=(?![=>])/;
const BLOCK = /^\s*([A-Za-z_][\w-]*)((?:\s+(?:"[^"]*"|[A-Za-z_][\w-]*))*)\s*\{\s*$/;

/** Depth of brackets before and after each line, and whether a line starts inside text (heredoc, comment, string). */
function scanDepths(source: string): { before: number[]; after: number[]; inText: boolean[] } {
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
function parseNodes(source: string): Node[] | undefined {
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

function objectName(block: Block): string {
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
function targets(files: readonly SubmissionFile[]): Target[] {
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
function edit(
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
function setValue(
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

function mutant(
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

const isResourceLike = (t: Target) => ['resource', 'data', 'module', 'provider'].includes(t.top.type);
const attributes = (files: readonly SubmissionFile[]) =>
  targets(files).filter((t): t is Target & { node: Attribute } => t.node.kind === 'attribute');
const LITERAL_CIDR = /"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})"/g;

function widerCidr(text: string): string | undefined {
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

const widenCidr: MutationOperator = {
  name: 'hcl.widen-cidr',
  description: 'widens a literal CIDR range by 8 bits (a /24 becomes a /16, a /16 a /8)',
  apply: (files) =>
    attributes(files).flatMap((t) => {
      const wider = widerCidr(t.node.value);
      if (!wider || t.top.type === 'terraform') return [];
      return [
        mutant('hcl.widen-cidr', t, '', `widens ${t.node.name} to ${wider}`, setValue(files, t, wider)),
      ];
    }),
};

const dropResource: MutationOperator = {
  name: 'hcl.drop-resource',
  description: 'removes a resource block',
  apply: (files) =>
    targets(files)
      .filter((t) => t.node === t.top && t.top.type === 'resource')
      .map((t) => mutant('hcl.drop-resource', t, '', 'removed', edit(files, t, t.top.start, t.top.end, []))),
};

const duplicateResource: MutationOperator = {
  name: 'hcl.duplicate-resource',
  description: 'declares a second copy of a resource under another name',
  apply: (files) =>
    targets(files)
      .filter((t) => t.node === t.top && t.top.type === 'resource')
      .map((t) => {
        const copy = t.lines.slice(t.top.start, t.top.end + 1);
        copy[0] = (copy[0] ?? '').replace(/"([^"]*)"(\s*\{\s*)$/, '"$1_copy"$2');
        return mutant(
          'hcl.duplicate-resource',
          t,
          '',
          'declared twice',
          edit(files, t, t.top.end + 1, t.top.end, ['', ...copy]),
        );
      }),
};

const flipBoolean: MutationOperator = {
  name: 'hcl.flip-boolean',
  description: 'turns a literal true into false and back',
  apply: (files) =>
    attributes(files).flatMap((t) => {
      if (t.node.value !== 'true' && t.node.value !== 'false') return [];
      const flipped = t.node.value === 'true' ? 'false' : 'true';
      return [mutant('hcl.flip-boolean', t, '', `${t.node.name} = ${flipped}`, setValue(files, t, flipped))];
    }),
};

/** Arguments whose absence only changes a name or a description. */
const COSMETIC = new Set(['description', 'name_prefix']);

const dropArgument: MutationOperator = {
  name: 'hcl.drop-argument',
  description: "removes an argument of a resource, data source, module or provider (or a variable's default)",
  apply: (files) =>
    attributes(files).flatMap((t) => {
      const keep = isResourceLike(t) || (t.top.type === 'variable' && t.node.name === 'default');
      if (!keep || COSMETIC.has(t.node.name)) return [];
      return [
        mutant(
          'hcl.drop-argument',
          t,
          '',
          `${t.node.name} removed`,
          edit(files, t, t.node.start, t.node.end, []),
        ),
      ];
    }),
};

const dropBlock: MutationOperator = {
  name: 'hcl.drop-block',
  description: 'removes a nested block (a route, an ingress rule, a tag, default_tags, a backend…)',
  apply: (files) =>
    targets(files)
      .filter((t) => t.node !== t.top && t.node.kind === 'block')
      .map((t) =>
        mutant('hcl.drop-block', t, '', 'block removed', edit(files, t, t.node.start, t.node.end, [])),
      ),
};

const SECRET = '"Orders-Test-2024!"';

const hardCodeSecret: MutationOperator = {
  name: 'hcl.hard-code-secret',
  description: "writes a credential into the code: a database's master password, the provider's access keys",
  apply: (files) =>
    targets(files).flatMap((t) => {
      if (t.node !== t.top) return [];
      const type = t.top.labels[0] ?? '';
      let line: string | undefined;
      if (t.top.type === 'resource' && ['aws_db_instance', 'aws_rds_cluster'].includes(type)) {
        line = `  password = ${SECRET}`;
      } else if (t.top.type === 'provider' && type === 'aws') {
        line =
          '  access_key = "AKIAIOSFODNN7EXAMPLE"\n  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"';
      }
      if (!line) return [];
      const body = t.lines
        .slice(t.top.start + 1, t.top.end)
        .filter((l) => !/^\s*manage_master_user_password\s*=/.test(l));
      const replaced = [t.lines[t.top.start] ?? '', line, ...body, t.lines[t.top.end] ?? ''];
      return [
        mutant(
          'hcl.hard-code-secret',
          t,
          '',
          'a credential written in the code',
          edit(files, t, t.top.start, t.top.end, replaced),
        ),
      ];
    }),
};

/** Values a requirement is likely to guard: flags, ranges, ports, zones, tags. */
function guarded(t: Target & { node: Attribute }): boolean {
  if (!isResourceLike(t) || t.top.type === 'module') return false;
  const { name, value } = t.node;
  if (value === 'true' || value === 'false') return true;
  if (/cidr|port|zone|Environment|protocol/.test(name)) return true;
  return /^"\d{1,3}(\.\d{1,3}){3}\/\d{1,2}"$/.test(value);
}

const unknownInput: MutationOperator = {
  name: 'hcl.unknown-input',
  description: 'moves a guarded value behind an input variable with no default and no tfvars value',
  apply: (files) => {
    let counter = 0;
    return attributes(files).flatMap((t) => {
      if (!guarded(t)) return [];
      const name = `mutant_${t.node.name.toLowerCase()}_${counter++}`;
      const declaration = `\n\nvariable "${name}" {\n  description = "Set when planning."\n}\n`;
      return [
        mutant(
          'hcl.unknown-input',
          t,
          '',
          `${t.node.name} = var.${name}, an input with no value`,
          setValue(files, t, `var.${name}`, declaration),
        ),
      ];
    });
  },
};

const dataSource: MutationOperator = {
  name: 'hcl.data-source',
  description: 'moves a guarded value behind a data source read at plan time',
  apply: (files) => {
    let n = 0;
    return attributes(files).flatMap((t) => {
      if (!guarded(t)) return [];
      const name = `mutant_${n++}`;
      const declaration = `\n\ndata "aws_ssm_parameter" "${name}" {\n  name = "/orders/${t.node.name}"\n}\n`;
      return [
        mutant(
          'hcl.data-source',
          t,
          '',
          `${t.node.name} read from data.aws_ssm_parameter.${name}`,
          setValue(files, t, `data.aws_ssm_parameter.${name}.value`, declaration),
        ),
      ];
    });
  },
};

const sameZone: MutationOperator = {
  name: 'hcl.same-zone',
  description: 'puts every instance of a subnet (or a literal zone) in the same availability zone',
  apply: (files) => {
    const all = attributes(files).filter((t) => /^availability_zones?(_id)?$/.test(t.node.name));
    const literals = all
      .map((t) => /^"([^"]+)"$/.exec(t.node.value)?.[1])
      .filter((z): z is string => z !== undefined);
    const first = literals[0];
    return all.flatMap((t) => {
      let value: string | undefined;
      if (/count\.index/.test(t.node.value)) value = t.node.value.replaceAll('count.index', '0');
      else if (/each\./.test(t.node.value) && first) value = `"${first}"`;
      else if (first && /^"[^"]+"$/.test(t.node.value) && t.node.value !== `"${first}"`) value = `"${first}"`;
      if (!value) return [];
      return [mutant('hcl.same-zone', t, '', `${t.node.name} = ${value}`, setValue(files, t, value))];
    });
  },
};

const changePort: MutationOperator = {
  name: 'hcl.change-port',
  description: 'moves a literal port number by one',
  apply: (files) =>
    attributes(files).flatMap((t) => {
      const isPortVariable =
        t.top.type === 'variable' && /port/.test(t.top.labels[0] ?? '') && t.node.name === 'default';
      if (!/port/.test(t.node.name) && !isPortVariable) return [];
      if (!/^\d+$/.test(t.node.value) || t.node.value === '0') return [];
      const port = String(Number(t.node.value) + 1);
      return [mutant('hcl.change-port', t, '', `${t.node.name} = ${port}`, setValue(files, t, port))];
    }),
};

const reduceCount: MutationOperator = {
  name: 'hcl.reduce-count',
  description: 'creates one instance where count made several',
  apply: (files) =>
    attributes(files).flatMap((t) => {
      if (t.node.name !== 'count' || t.path !== 'count' || t.node.value === '1' || t.node.value === '0')
        return [];
      return [mutant('hcl.reduce-count', t, '', 'count = 1', setValue(files, t, '1'))];
    }),
};

const removeTag: MutationOperator = {
  name: 'hcl.remove-tag',
  description: 'removes one key from a tags map (resource tags, default_tags, tag_specifications)',
  apply: (files) =>
    attributes(files).flatMap((t) => {
      if (t.node.name !== 'tags') return [];
      const keys = [...t.node.value.matchAll(/(?:^|[{,\n])\s*"?([A-Za-z_][\w:-]*)"?\s*=/g)].map(
        (m) => m[1] as string,
      );
      return keys.map((key) => {
        const original = t.lines.slice(t.node.start, t.node.end + 1).join('\n');
        const pattern = new RegExp(
          `(\\{\\s*|,\\s*|\\n\\s*)"?${key}"?\\s*=\\s*(?:"(?:[^"\\\\]|\\\\.)*"|[\\w.\\[\\]()*-]+)\\s*,?`,
        );
        const removed = original.replace(pattern, (_whole, lead: string) =>
          lead.startsWith('{') ? lead : lead.includes('\n') ? '\n' : '',
        );
        return mutant(
          'hcl.remove-tag',
          t,
          key,
          `tag ${key} removed`,
          edit(files, t, t.node.start, t.node.end, removed.split('\n')),
        );
      });
    }),
};

/** Every HCL operator, in the order the runner applies them. */
export const operators: MutationOperator[] = [
  widenCidr,
  dropResource,
  duplicateResource,
  flipBoolean,
  dropArgument,
  dropBlock,
  hardCodeSecret,
  unknownInput,
  dataSource,
  sameZone,
  changePort,
  reduceCount,
  removeTag,
];

/** Exposed for tests: the scanner's view of one file. */
export const scanForTests = { parseNodes };
