import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One way an object breaks its kind's schema: a path into the object and what is wrong there. */
export interface SchemaProblem {
  readonly path: readonly string[];
  readonly message: string;
}

/** What the API server would make of an apiVersion and kind. */
export type KindVerdict =
  | { readonly kind: 'known'; validate(object: unknown): SchemaProblem[] }
  /** A group the grader does not know (a CRD): applied as it is, without a schema. */
  | { readonly kind: 'custom' }
  | { readonly kind: 'rejected'; readonly reason: string };

// The groups Kubernetes serves itself; an unknown kind or version in one of them is an error, while
// any other group may be a CustomResourceDefinition the grader cannot see.
const BUILT_IN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
]);

/** Group versions Kubernetes 1.29 no longer serves, with the release that removed them. */
const REMOVED: Readonly<Record<string, string>> = {
  'extensions/v1beta1': '1.22 (Deployment, DaemonSet, ReplicaSet: 1.16)',
  'apps/v1beta1': '1.16',
  'apps/v1beta2': '1.16',
  'policy/v1beta1': '1.25',
  'autoscaling/v2beta1': '1.25',
  'autoscaling/v2beta2': '1.26',
  'batch/v1beta1': '1.25',
  'networking.k8s.io/v1beta1': '1.22',
  'rbac.authorization.k8s.io/v1beta1': '1.22',
  'storage.k8s.io/v1beta1': '1.22',
  'admissionregistration.k8s.io/v1beta1': '1.22',
  'apiextensions.k8s.io/v1beta1': '1.22',
  'apiregistration.k8s.io/v1beta1': '1.22',
  'certificates.k8s.io/v1beta1': '1.22',
  'coordination.k8s.io/v1beta1': '1.22',
  'scheduling.k8s.io/v1beta1': '1.22',
  'discovery.k8s.io/v1beta1': '1.25',
  'events.k8s.io/v1beta1': '1.25',
  'node.k8s.io/v1beta1': '1.25',
  'flowcontrol.apiserver.k8s.io/v1beta1': '1.26',
  'flowcontrol.apiserver.k8s.io/v1beta2': '1.29',
};

const GROUP = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;
// Built-in groups version as v1, v2beta1…; a CRD's version may be any DNS label.
const VERSION = /^v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$/;
const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const KIND = /^[A-Z][A-Za-z0-9]{0,62}$/;

interface ModelClass {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  new (data: unknown): { validate(): void };
}

const cache = new Map<string, KindVerdict>();

/**
 * Looks the kind up in kubernetes-models (one module per apiVersion and kind, generated from the
 * Kubernetes 1.27 OpenAPI schema). The strings are checked against strict patterns before they
 * become a module path, so a hostile apiVersion cannot reach any other file.
 */
export async function lookUpKind(apiVersion: string, kind: string): Promise<KindVerdict> {
  const key = `${apiVersion} ${kind}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const verdict = await resolveKind(apiVersion, kind);
  cache.set(key, verdict);
  return verdict;
}

async function resolveKind(apiVersion: string, kind: string): Promise<KindVerdict> {
  const parts = apiVersion.split('/');
  const [group, version] = parts.length === 1 ? ['', parts[0]] : parts;
  const wellFormed =
    parts.length <= 2 &&
    group !== undefined &&
    version !== undefined &&
    (parts.length === 1 || GROUP.test(group));
  if (!wellFormed || !DNS_LABEL.test(version) || !KIND.test(kind)) {
    return { kind: 'rejected', reason: `"${apiVersion}" and "${kind}" are not a valid apiVersion and kind` };
  }
  const removedIn = REMOVED[apiVersion];
  if (removedIn) {
    return {
      kind: 'rejected',
      reason: `${apiVersion} is no longer served (removed in Kubernetes ${removedIn})`,
    };
  }
  if (!BUILT_IN_GROUPS.has(group)) return { kind: 'custom' };
  if (!VERSION.test(version))
    return { kind: 'rejected', reason: `Kubernetes serves no ${kind} in ${apiVersion}` };
  const model = await loadModel(group === '' ? `v1/${kind}` : `${group}/${version}/${kind}`, version);
  if (!model || model.apiVersion !== apiVersion || model.kind !== kind) {
    return { kind: 'rejected', reason: `Kubernetes serves no ${kind} in ${apiVersion}` };
  }
  return { kind: 'known', validate: (object) => problemsOf(model, object) };
}

async function loadModel(modulePath: string, version: string): Promise<ModelClass | undefined> {
  // The core group lives at kubernetes-models/v1/<Kind>; only v1 exists there.
  if (modulePath.startsWith('v1/') && version !== 'v1') return undefined;
  let url: string;
  try {
    url = import.meta.resolve(`kubernetes-models/${modulePath}`);
  } catch {
    return undefined;
  }
  if (!existsSync(fileURLToPath(url))) return undefined;
  const exported: Record<string, unknown> = await import(url);
  const model = exported[modulePath.split('/').at(-1) ?? ''];
  return typeof model === 'function' ? (model as unknown as ModelClass) : undefined;
}

interface AjvError {
  instancePath?: unknown;
  keyword?: unknown;
  message?: unknown;
  params?: { missingProperty?: unknown; format?: unknown };
}

function problemsOf(model: ModelClass, object: unknown): SchemaProblem[] {
  try {
    new model(object).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: unknown }).errors;
    if (!Array.isArray(errors)) return [{ path: [], message: String((error as Error).message) }];
    return summarise(errors as AjvError[]);
  }
}

/** One problem per path: ajv reports `oneOf` fields (quantities, int-or-string) three times over. */
function summarise(errors: readonly AjvError[]): SchemaProblem[] {
  const byPath = new Map<string, AjvError[]>();
  for (const error of errors) {
    const at = typeof error.instancePath === 'string' ? error.instancePath : '';
    byPath.set(at, [...(byPath.get(at) ?? []), error]);
  }
  return [...byPath].map(([at, group]) => {
    const path = at === '' ? [] : at.slice(1).split('/').map(unescapePointer);
    const required = group.find((e) => e.keyword === 'required');
    if (required) {
      return { path, message: `is missing the required field ${String(required.params?.missingProperty)}` };
    }
    const format = group.find((e) => e.keyword === 'format');
    if (format) return { path, message: `must be a valid ${String(format.params?.format)}` };
    const types = group
      .filter((e) => e.keyword === 'type')
      .map((e) => String(e.message).replace(/^must be /, ''));
    if (types.length > 0) return { path, message: `must be ${types.join(' or ')}` };
    return { path, message: String(group[0]?.message ?? 'is invalid') };
  });
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}
