import type { ParsedFile } from './workspace.ts';

/** hcl2json's JSON for one block body. */
export type Body = Readonly<Record<string, unknown>>;

export interface Declared {
  readonly file: string;
  readonly body: Body;
}

export interface ResourceBlock extends Declared {
  readonly type: string;
  readonly name: string;
  /** The line of its `resource "type" "name" {` header, when the file is HCL and the header is found. */
  readonly line?: number;
}

export interface ProviderBlock extends Declared {
  readonly name: string;
  readonly alias: string | undefined;
}

/** The declarations of one folder of .tf files: one Terraform module. */
export interface ModuleConfig {
  /** Folder relative to the workspace ('' for the root module). */
  readonly dir: string;
  readonly variables: ReadonlyMap<string, Declared>;
  readonly locals: ReadonlyMap<string, { readonly file: string; readonly raw: unknown }>;
  readonly outputs: ReadonlyMap<string, Declared>;
  readonly resources: readonly ResourceBlock[];
  readonly resourceIndex: ReadonlyMap<string, ResourceBlock>;
  /** `data` blocks by `type.name` (e.g. a `data.google_iam_policy` whose bindings a grader reads). */
  readonly dataIndex: ReadonlyMap<string, ResourceBlock>;
  readonly moduleCalls: ReadonlyMap<string, Declared>;
  readonly providers: readonly ProviderBlock[];
  readonly terraformBlocks: readonly Declared[];
  readonly moved: readonly Declared[];
}

export function asRecord(value: unknown): Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : {};
}

export function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Groups the parsed .tf files by folder. Where a name is declared twice, the first declaration wins. */
export function buildModuleConfigs(files: readonly ParsedFile[]): Map<string, ModuleConfig> {
  const byDir = new Map<string, ParsedFile[]>();
  for (const file of files) {
    if (file.kind === 'tf') byDir.set(file.dir, [...(byDir.get(file.dir) ?? []), file]);
  }
  return new Map([...byDir].map(([dir, dirFiles]) => [dir, buildModuleConfig(dir, dirFiles)]));
}

function buildModuleConfig(dir: string, files: readonly ParsedFile[]): ModuleConfig {
  const variables = new Map<string, Declared>();
  const locals = new Map<string, { file: string; raw: unknown }>();
  const outputs = new Map<string, Declared>();
  const resourceIndex = new Map<string, ResourceBlock>();
  const dataIndex = new Map<string, ResourceBlock>();
  const moduleCalls = new Map<string, Declared>();
  const providers: ProviderBlock[] = [];
  const terraformBlocks: Declared[] = [];
  const moved: Declared[] = [];
  for (const { path: file, json, source } of files) {
    const lines = source?.split('\n');
    collectNamed(json.variable, file, variables);
    collectNamed(json.output, file, outputs);
    collectNamed(json.module, file, moduleCalls);
    for (const block of asList(json.locals)) {
      for (const [name, raw] of Object.entries(asRecord(block)))
        if (!locals.has(name)) locals.set(name, { file, raw });
    }
    collectBlocks(json.resource, 'resource', file, lines, resourceIndex);
    collectBlocks(json.data, 'data', file, lines, dataIndex);
    for (const [name, bodies] of Object.entries(asRecord(json.provider))) {
      for (const body of asList(bodies)) {
        const alias = asRecord(body).alias;
        providers.push({
          file,
          name,
          alias: typeof alias === 'string' ? alias : undefined,
          body: asRecord(body),
        });
      }
    }
    for (const body of asList(json.terraform)) terraformBlocks.push({ file, body: asRecord(body) });
    for (const body of asList(json.moved)) moved.push({ file, body: asRecord(body) });
  }
  const resources = [...resourceIndex.values()].sort((a, b) =>
    compare(`${a.type}.${a.name}`, `${b.type}.${b.name}`),
  );
  return {
    dir,
    variables,
    locals,
    outputs,
    resources,
    resourceIndex,
    dataIndex,
    moduleCalls,
    providers,
    terraformBlocks,
    moved,
  };
}

function collectBlocks(
  section: unknown,
  keyword: 'resource' | 'data',
  file: string,
  lines: readonly string[] | undefined,
  into: Map<string, ResourceBlock>,
): void {
  for (const [type, byName] of Object.entries(asRecord(section))) {
    for (const [name, bodies] of Object.entries(asRecord(byName))) {
      const key = `${type}.${name}`;
      const [body] = asList(bodies);
      if (!into.has(key) && body !== undefined) {
        const line = headerLine(lines, keyword, type, name);
        into.set(key, { file, type, name, body: asRecord(body), ...(line ? { line } : {}) });
      }
    }
  }
}

/** The 1-based line of `resource "type" "name" {` (or `data "type" "name" {`) in an HCL file's text. */
function headerLine(
  lines: readonly string[] | undefined,
  keyword: 'resource' | 'data',
  type: string,
  name: string,
): number | undefined {
  if (lines === undefined) return undefined;
  const pattern = new RegExp(`^\\s*${keyword}\\s+"${escapeRegExp(type)}"\\s+"${escapeRegExp(name)}"\\s*\\{`);
  const index = lines.findIndex((line) => pattern.test(line));
  return index < 0 ? undefined : index + 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function collectNamed(section: unknown, file: string, into: Map<string, Declared>): void {
  for (const [name, bodies] of Object.entries(asRecord(section))) {
    const [body] = asList(bodies);
    if (!into.has(name) && body !== undefined) into.set(name, { file, body: asRecord(body) });
  }
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The workspace folder a module source points at: only `./` and `../` paths that stay inside the
 * workspace. Undefined for registry and git sources, which are not there to read.
 */
export function localModuleDir(dir: string, source: unknown): string | undefined {
  if (typeof source !== 'string' || !(source.startsWith('./') || source.startsWith('../'))) return undefined;
  const parts: string[] = dir ? dir.split('/') : [];
  for (const part of source.split('/')) {
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else if (part && part !== '.') parts.push(part);
  }
  return parts.join('/');
}
