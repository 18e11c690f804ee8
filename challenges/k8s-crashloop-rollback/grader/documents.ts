import type { Document, Tags } from 'yaml';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../../_lib/grader-kit/diagnostic.ts';
import { lookUpKind } from './kinds.ts';
import { lineOf } from './positions.ts';
import { unknownFields } from './strict-fields.ts';
import type { Fields } from './values.ts';
import { asList, asRecord, asString, depthExceeds, isRecord } from './values.ts';

/** A problem in the candidate's files, shown with its file and line. */
export type { Diagnostic } from '../../_lib/grader-kit/diagnostic.ts';

/** One Kubernetes object as `kubectl apply` would send it, with where it was written. */
export interface ManifestObject {
  readonly file: string;
  readonly line: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** undefined: no metadata.namespace, so kubectl would use its context's namespace. */
  readonly namespace: string | undefined;
  readonly body: Fields;
  /** The line where a field of the object (a path of keys and indexes below it) is written. */
  lineOf(path: readonly (string | number)[]): number;
}

export interface ParsedFile {
  /** Objects the API server would accept. */
  readonly objects: readonly ManifestObject[];
  /** Objects it would refuse (bad schema, removed API): they are not applied. */
  readonly rejected: readonly Diagnostic[];
  /** Problems that stop grading: YAML syntax, alias bombs, absurd nesting. */
  readonly fatal: readonly Diagnostic[];
}

const MAX_DOCUMENTS = 500;
const MAX_ALIASES = 100;
const MAX_NESTING = 100;
const MAX_PROBLEMS_PER_OBJECT = 5;

/** Parses one multi-document YAML (or JSON) file into the objects it declares. */
export async function parseManifestFile(file: string, source: string): Promise<ParsedFile> {
  const lines = new LineCounter();
  const documents = parseQuietly(source, lines);
  if (documents.length > MAX_DOCUMENTS) {
    return {
      objects: [],
      rejected: [],
      fatal: [{ file, line: 0, message: `more than ${MAX_DOCUMENTS} YAML documents` }],
    };
  }
  const objects: ManifestObject[] = [];
  const rejected: Diagnostic[] = [];
  const fatal: Diagnostic[] = [];
  for (const document of documents) {
    const [error] = document.errors;
    if (error) {
      const at = lines.linePos(error.pos[0]);
      fatal.push({ file, line: at.line, column: at.col, message: firstLine(error.message) });
      continue;
    }
    const start = lineOf(document, lines, []);
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (cause) {
      fatal.push({ file, line: start, message: `refused: ${firstLine(String((cause as Error).message))}` });
      continue;
    }
    if (value === null || value === undefined) continue;
    if (depthExceeds(value, MAX_NESTING)) {
      fatal.push({ file, line: start, message: `refused: nested more than ${MAX_NESTING} levels deep` });
      continue;
    }
    for (const [item, path] of flattenLists(value)) {
      const result = await admit(file, document, lines, item, path);
      if ('problems' in result) rejected.push(...result.problems);
      else objects.push(result);
    }
  }
  return { objects, rejected, fatal };
}

/**
 * The yaml package reports one error per unexpected token, each an Error with a captured stack and,
 * by default, a copy of its source line: broken input of 64 KiB made over 250 MB of them. Without
 * stacks or pretty messages it stays near 40 MB; positions come from the LineCounter instead.
 */
function parseQuietly(source: string, lines: LineCounter): Document[] {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const parsed = parseAllDocuments(source, {
      lineCounter: lines,
      // kubectl reads YAML with go-yaml v2: YAML 1.1, so merge keys (`<<`), yes/no/on/off booleans
      // and 0-prefixed octals mean what they mean there.
      version: '1.1',
      merge: true,
      customTags: asGoYamlDoes,
      uniqueKeys: true,
      prettyErrors: false,
      logLevel: 'error',
    });
    // An empty stream is an empty array-like with extra fields, not an array of documents.
    return Array.isArray(parsed) ? parsed : [];
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/**
 * go-yaml v2 leaves timestamps as strings when it decodes into an untyped value (as kubectl does),
 * and knows no sexagesimal numbers (`1:30`): both stay the plain strings they look like.
 */
function asGoYamlDoes(tags: Tags): Tags {
  return tags.filter((tag) => {
    const { tag: name, format } = tag as { tag: string; format?: string };
    return name !== 'tag:yaml.org,2002:timestamp' && format !== 'TIME';
  });
}

/** kubectl applies the items of a `kind: List` (or any *List) one by one. */
function flattenLists(value: unknown): [unknown, (string | number)[]][] {
  const record = asRecord(value);
  if (typeof record.kind === 'string' && record.kind.endsWith('List') && Array.isArray(record.items)) {
    return asList(record.items).map((item, index) => [item, ['items', index]]);
  }
  return [[value, []]];
}

/** What the API server does with one object: accept it, or refuse it with the reasons. */
async function admit(
  file: string,
  document: Document,
  lines: LineCounter,
  value: unknown,
  at: (string | number)[],
): Promise<ManifestObject | { problems: Diagnostic[] }> {
  const line = lineOf(document, lines, at);
  const refuse = (message: string, where = line) => ({ problems: [{ file, line: where, message }] });
  if (!isRecord(value))
    return refuse('not a Kubernetes object: expected a map with apiVersion, kind and metadata');
  if (isKustomization(file, value)) return refuse(KUSTOMIZATION_NOT_FOLLOWED);
  const apiVersion = asString(value.apiVersion);
  const kind = asString(value.kind);
  const metadata = asRecord(value.metadata);
  const name = asString(metadata.name);
  if (!apiVersion || !kind) return refuse('not a Kubernetes object: apiVersion and kind are required');
  const label = `${kind} ${name ?? '(no name)'}`;
  if (!name)
    return refuse(`${label}: metadata.name is required (kubectl apply cannot apply an unnamed object)`);
  const verdict = await lookUpKind(apiVersion, kind);
  if (verdict.kind === 'rejected') return refuse(`${label}: ${verdict.reason}`);
  if (verdict.kind === 'known') {
    const problems = [...verdict.validate(value), ...unknownFields(apiVersion, kind, value)].slice(
      0,
      MAX_PROBLEMS_PER_OBJECT,
    );
    if (problems.length > 0) {
      return {
        problems: problems.map((p) => ({
          file,
          line: lineOf(document, lines, [...at, ...p.path]),
          message: `${label}: ${renderPath(p.path)} ${p.message}`,
        })),
      };
    }
  }
  const namespace = asString(metadata.namespace);
  return {
    file,
    line,
    apiVersion,
    kind,
    name,
    namespace: namespace || undefined,
    body: value,
    lineOf: (path) => lineOf(document, lines, [...at, ...path]),
  };
}

const KUSTOMIZATION_NOT_FOLLOWED =
  "a kustomization, which CI does not follow: it runs `kubectl apply --recursive -f .`, not `-k`, so the kustomization's resources, patches and image overrides are never applied, and kubectl cannot apply the file itself as an object (the brief rules out Kustomize)";

/** A Kustomize file: by its name, as kustomize finds it, or by its kind. */
function isKustomization(file: string, value: Fields): boolean {
  const name = file.split('/').at(-1) ?? '';
  const apiVersion = asString(value.apiVersion) ?? '';
  return /^kustomization\.ya?ml$/i.test(name) || apiVersion.startsWith('kustomize.config.k8s.io/');
}

function renderPath(path: readonly string[]): string {
  if (path.length === 0) return 'the object';
  return path.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim().slice(0, 500);
}
