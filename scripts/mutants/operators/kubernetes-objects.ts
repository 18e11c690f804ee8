/**
 * The Kubernetes objects of a submission as the mutation operators see them: every object of every
 * manifest (a List's items too), where its fields are, and the one-edit-per-mutant machinery that
 * keeps every mutant loadable by kubectl. The operators are in kubernetes.ts and kubernetes-pods.ts.
 */
import type { Document } from 'yaml';
import type { Mutant, SubmissionFile } from '../types.ts';
import {
  deleteYamlNode,
  setYamlValue,
  YamlEditError,
  type YamlLocation,
  type YamlPath,
  yamlDocuments,
} from '../yaml-edit.ts';

export type Fields = Record<string, unknown>;

/** One Kubernetes object of a file, with where its fields are (a List's items are objects too). */
export interface K8sObject {
  readonly file: SubmissionFile;
  readonly doc: number;
  /** The path of the object inside its document: [] or ['items', i]. */
  readonly base: YamlPath;
  readonly kind: string;
  readonly name: string;
  readonly body: Fields;
}

export const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const record = (value: unknown): Fields => (isRecord(value) ? value : {});
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const MANIFEST = /\.(ya?ml)$/;

/** Every object of every YAML manifest, in file and document order. */
export function objectsOf(files: readonly SubmissionFile[]): K8sObject[] {
  const found: K8sObject[] = [];
  for (const file of files) {
    if (!MANIFEST.test(file.path)) continue;
    let documents: Document.Parsed[];
    try {
      documents = yamlDocuments(file.content);
    } catch {
      continue;
    }
    documents.forEach((document, doc) => {
      if (document.errors.length > 0) return;
      const value = document.toJS({ maxAliasCount: 100 }) as unknown;
      const add = (body: unknown, base: YamlPath) => {
        if (!isRecord(body) || typeof body.kind !== 'string') return;
        const name =
          typeof record(body.metadata).name === 'string' ? String(record(body.metadata).name) : '?';
        found.push({ file, doc, base, kind: body.kind, name, body });
      };
      if (isRecord(value) && String(value.kind).endsWith('List') && Array.isArray(value.items)) {
        value.items.forEach((item, index) => {
          add(item, ['items', index]);
        });
      } else add(value, []);
    });
  }
  return found;
}

/** A field of an object to change: its path below the object, and what it is, in words. */
export interface Target {
  readonly path: YamlPath;
  readonly what: string;
}

export type Edit = { set: unknown } | { drop: true };

export function edited(object: K8sObject, path: YamlPath, edit: Edit): string | undefined {
  const at: YamlLocation = { doc: object.doc, path: [...object.base, ...path] };
  try {
    return 'drop' in edit
      ? deleteYamlNode(object.file.content, at)
      : setYamlValue(object.file.content, at, edit.set);
  } catch (error) {
    // A field reached through an alias, or a shape the editor cannot change in place (a map built
    // from merge keys): no mutant.
    if (error instanceof YamlEditError || error instanceof Error) return undefined;
    throw error;
  }
}

/** Whether kubectl could still read the file: every document parses and its aliases resolve. */
export function loads(content: string): boolean {
  try {
    return yamlDocuments(content).every((document) => {
      if (document.errors.length > 0) return false;
      document.toJS({ maxAliasCount: 100 });
      return true;
    });
  } catch {
    return false;
  }
}

export function pathText(path: YamlPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export function withFile(files: readonly SubmissionFile[], path: string, content: string): SubmissionFile[] {
  return files.map((f) => (f.path === path ? { path, content } : { ...f }));
}

/** One mutant per (target, edit) pair, skipping edits that cannot be made or change nothing. */
export function mutants(
  operator: string,
  files: readonly SubmissionFile[],
  pick: (object: K8sObject) => { target: Target; edits: Edit[] }[],
): Mutant[] {
  const made: Mutant[] = [];
  for (const object of objectsOf(files)) {
    for (const { target, edits } of pick(object)) {
      for (const edit of edits) {
        const content = edited(object, target.path, edit);
        // An edit that breaks the file (say, dropping the anchor an alias names) tests only the parser.
        if (content === undefined || content === object.file.content || !loads(content)) continue;
        const change = 'drop' in edit ? 'dropped' : `= ${JSON.stringify(edit.set)}`;
        made.push({
          id: `${operator} ${object.file.path} ${object.kind}/${object.name} ${pathText(target.path)}${'drop' in edit ? ' dropped' : ` = ${JSON.stringify(edit.set)}`}`,
          operator,
          description: `${object.kind} ${object.name} in ${object.file.path}: ${target.what} ${change}`,
          files: withFile(files, object.file.path, content),
        });
      }
    }
  }
  return made;
}

export const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** The pod template of a workload, with the path to it. */
export function podTemplate(object: K8sObject): { path: YamlPath; template: Fields } | undefined {
  if (object.kind === 'Pod') return { path: [], template: object.body };
  if (!WORKLOADS.has(object.kind)) return undefined;
  return { path: ['spec', 'template'], template: record(record(object.body.spec).template) };
}

/** Every container of a pod template, with the path to it. */
export function containers(object: K8sObject): { path: YamlPath; container: Fields; name: string }[] {
  const pod = podTemplate(object);
  if (!pod) return [];
  const spec = record(pod.template.spec);
  return ['initContainers', 'containers'].flatMap((field) =>
    list(spec[field]).flatMap((container, index) =>
      isRecord(container)
        ? [
            {
              path: [...pod.path, 'spec', field, index],
              container,
              name: String(container.name ?? index),
            },
          ]
        : [],
    ),
  );
}

/** A different value of the same type: a label or name gets a suffix, a number moves by one. */
export function otherValue(value: unknown): unknown {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'string') return `${value}-v2`;
  return undefined;
}

export function entries(value: unknown, path: YamlPath): [YamlPath, unknown][] {
  return Object.entries(record(value)).map(([key, v]) => [[...path, key], v]);
}
