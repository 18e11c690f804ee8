/**
 * A copy dressed up the way a candidate would hide it: user-chosen names renamed everywhere
 * (resource, variable, output and module names; Kubernetes names; policy statement ids) and the
 * top-level blocks of each file in reverse order (HCL blocks, YAML documents, JSON statements).
 */

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function renameAll(text: string, names: Iterable<string>): string {
  let out = text;
  for (const name of names) {
    out = out.replace(
      new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(name)}(?![A-Za-z0-9_-])`, 'g'),
      `${name}_renamed`,
    );
  }
  return out;
}

/** HCL names renamed where they are names: block labels, and references (`var.x`, `aws_s3_bucket.x`, `module.x`). */
function renameHcl(text: string, names: Iterable<string>): string {
  let out = text;
  for (const name of names) {
    const n = escapeRegExp(name);
    out = out
      .replace(
        new RegExp(`^((?:resource|data)\\s+"[^"]+"\\s+|(?:variable|output|module)\\s+)"${n}"`, 'gm'),
        `$1"${name}_renamed"`,
      )
      .replace(
        new RegExp(
          `(?<=\\b(?:var|local|module|data\\.[a-z0-9_]+|[a-z0-9]+_[a-z0-9_]+)\\.)${n}(?![A-Za-z0-9_-])`,
          'g',
        ),
        `${name}_renamed`,
      );
  }
  return out;
}

/** Top-level HCL blocks (a line at column 0 up to its closing brace at column 0), reversed. */
function reverseHclBlocks(text: string): string {
  const blocks: string[] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    current.push(line);
    if (/^\}/.test(line) || (current.length === 1 && /^\S.*=.*[^{[(]$/.test(line))) {
      blocks.push(current.join('\n'));
      current = [];
    } else if (current.length === 1 && line.trim() === '') current = [];
  }
  if (current.some((l) => l.trim() !== '')) blocks.push(current.join('\n'));
  return `${blocks.reverse().join('\n\n')}\n`;
}

/** The user-chosen names of HCL files: labels of resources, data, variables, outputs, modules, locals. */
function hclNames(files: ReadonlyMap<string, string>): Set<string> {
  const names = new Set<string>();
  for (const text of files.values()) {
    for (const m of text.matchAll(/^(?:resource|data)\s+"[^"]+"\s+"([^"]+)"/gm)) names.add(m[1] ?? '');
    for (const m of text.matchAll(/^(?:variable|output|module)\s+"([^"]+)"/gm)) names.add(m[1] ?? '');
  }
  names.delete('');
  return names;
}

function yamlNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^\s*-?\s*(?:name|app|alert|record):\s*["']?([A-Za-z][\w.:-]*)["']?\s*$/gm)) {
    names.add(m[1] ?? '');
  }
  names.delete('');
  return names;
}

/** A disguised copy of a set of files (path → content). */
export function disguise(files: ReadonlyMap<string, string>): Map<string, string> {
  const hcl = hclNames(files);
  const yamlDefined = new Set(
    [...files].filter(([p]) => /\.ya?ml$/.test(p)).flatMap(([, t]) => [...yamlNames(t)]),
  );
  const out = new Map<string, string>();
  for (const [path, text] of files) {
    if (/\.(tf|tfvars)$/.test(path)) {
      out.set(path, reverseHclBlocks(renameHcl(text, hcl)));
    } else if (/\.ya?ml$/.test(path)) {
      const names = yamlDefined;
      // values only: a key is the schema's, renaming it would break the manifest
      const renamed = text
        .split('\n')
        .map((line) => {
          const key = /^(\s*(?:-\s+)?[^\s:'"]+:)(\s.*)?$/.exec(line);
          return key ? `${key[1]}${renameAll(key[2] ?? '', names)}` : renameAll(line, names);
        })
        .join('\n');
      const docs = renamed.split(/^---\s*$/m);
      out.set(path, docs.reverse().join('\n---\n'));
    } else if (path.endsWith('.json')) {
      const value: unknown = JSON.parse(
        renameAll(
          text,
          [...text.matchAll(/"Sid":\s*"([^"]+)"/g)].map((m) => m[1] ?? ''),
        ),
      );
      const doc = value as { Statement?: unknown };
      if (Array.isArray(doc.Statement)) doc.Statement.reverse();
      out.set(path, `${JSON.stringify(value, null, 2)}\n`);
    } else out.set(path, text);
  }
  return out;
}
