import type { ManifestObject } from './documents.ts';
import { APP_CONTAINER, DEPLOYMENT, NAMESPACE } from './incident.ts';
import type { Fields } from './values.ts';
import { asList, asRecord, asString, isRecord } from './values.ts';

/** What the cluster holds after `kubectl apply`: the last object applied under each identity wins. */
export interface Cluster {
  readonly objects: readonly ManifestObject[];
  /** Identities declared more than once, with where each declaration is. */
  readonly duplicates: readonly { identity: string; places: string[] }[];
  find(kind: string, namespace: string | undefined, name: string): ManifestObject | undefined;
  ofKind(kind: string): readonly ManifestObject[];
}

/** The API group of an apiVersion: '' for the core group (v1). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
}

export function namespaceLabel(namespace: string | undefined): string {
  return namespace ?? "kubectl's current namespace (no metadata.namespace)";
}

export function applyAll(applied: readonly ManifestObject[]): Cluster {
  const byIdentity = new Map<string, ManifestObject>();
  const places = new Map<string, string[]>();
  for (const object of applied) {
    // Deployment apps/v1 and a hypothetical other version of it are the same resource: key by group.
    const identity = `${object.kind}.${groupOf(object.apiVersion)} ${object.namespace ?? '-'}/${object.name}`;
    byIdentity.set(identity, object);
    places.set(identity, [...(places.get(identity) ?? []), `${object.file} line ${object.line}`]);
  }
  const objects = [...byIdentity.values()];
  return {
    objects,
    duplicates: [...places]
      .filter(([, at]) => at.length > 1)
      .map(([identity, at]) => ({ identity, places: at })),
    find: (kind, namespace, name) =>
      objects.findLast((o) => o.kind === kind && o.namespace === namespace && o.name === name),
    ofKind: (kind) => objects.filter((o) => o.kind === kind),
  };
}

/** The checkout-api Deployment in the shop namespace, as the cluster would hold it. */
export function checkoutDeployment(cluster: Cluster): ManifestObject | undefined {
  return cluster.find('Deployment', NAMESPACE, DEPLOYMENT);
}

export const MISSING_DEPLOYMENT = `There is no Deployment ${DEPLOYMENT} in namespace ${NAMESPACE} that the API server would accept.`;

export function podTemplate(deployment: ManifestObject): Fields {
  return asRecord(asRecord(deployment.body.spec).template);
}

export function podSpec(deployment: ManifestObject): Fields {
  return asRecord(podTemplate(deployment).spec);
}

/** Every container of the pod: init containers (sidecars included) first, then the main ones. */
export function containersOf(deployment: ManifestObject): Fields[] {
  const spec = podSpec(deployment);
  return [...asList(spec.initContainers), ...asList(spec.containers)].filter(isRecord);
}

export function containerNamed(deployment: ManifestObject, name: string): Fields | undefined {
  return asList(podSpec(deployment).containers)
    .filter(isRecord)
    .find((c) => asString(c.name) === name);
}

export function appContainer(deployment: ManifestObject): Fields | undefined {
  return containerNamed(deployment, APP_CONTAINER);
}

export function templateLabels(deployment: ManifestObject): unknown {
  return asRecord(podTemplate(deployment).metadata).labels;
}
