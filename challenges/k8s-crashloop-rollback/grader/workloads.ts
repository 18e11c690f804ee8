import type { Cluster } from './cluster.ts';
import { checkoutDeployment, templateLabels } from './cluster.ts';
import type { ManifestObject } from './documents.ts';
import { NAMESPACE } from './incident.ts';
import { labelSelector, mapSelectorMatches } from './selectors.ts';
import { SERVICE } from './starter.ts';
import type { Fields } from './values.ts';
import { asList, asRecord, asStringMap, isRecord } from './values.ts';

/** An object that runs pods, with the pod it runs. */
export interface Workload {
  readonly object: ManifestObject;
  /** `Deployment checkout-api (manifests/a.yaml line 20)`: how messages name it. */
  readonly label: string;
  readonly labels: ReadonlyMap<string, string>;
  readonly pod: Fields;
}

/** Where each kind keeps its pod template (metadata and spec). */
function podTemplateOf(object: ManifestObject): Fields | undefined {
  const spec = asRecord(object.body.spec);
  switch (object.kind) {
    case 'Pod':
      return object.body;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return asRecord(spec.template);
    case 'CronJob':
      return asRecord(asRecord(asRecord(spec.jobTemplate).spec).template);
    default:
      return undefined;
  }
}

export function describeObject(object: ManifestObject): string {
  return `${object.kind} ${object.name} (${object.file} line ${object.line})`;
}

/** Where a field of an object is written, for a message: `manifests/a.yaml line 74`. */
export function whereIs(object: ManifestObject, path: readonly (string | number)[]): string {
  return `${object.file} line ${object.lineOf(path)}`;
}

/** The path of a named container below a workload's object, or undefined. */
export function containerPath(object: ManifestObject, name: string): (string | number)[] | undefined {
  const template =
    object.kind === 'Pod'
      ? []
      : object.kind === 'CronJob'
        ? ['spec', 'jobTemplate', 'spec', 'template']
        : ['spec', 'template'];
  let pod: unknown = object.body;
  for (const key of template) pod = asRecord(pod)[key];
  const spec = asRecord(asRecord(pod).spec);
  for (const field of ['containers', 'initContainers']) {
    const index = asList(spec[field]).findIndex((c) => asRecord(c).name === name);
    if (index !== -1) return [...template, 'spec', field, index];
  }
  return undefined;
}

/** Every object in the namespace that runs pods. */
export function workloadsIn(cluster: Cluster, namespace: string): Workload[] {
  return cluster.objects.flatMap((object) => {
    const template = object.namespace === namespace ? podTemplateOf(object) : undefined;
    if (!template) return [];
    return [
      {
        object,
        label: describeObject(object),
        labels: asStringMap(asRecord(template.metadata).labels),
        pod: asRecord(template.spec),
      },
    ];
  });
}

/**
 * Every workload whose pods are checkout pods in the resulting cluster: the checkout-api Deployment
 * first, then any other workload whose pods the checkout-api Service sends traffic to or the
 * Deployment's selector claims (the HPA and the PDB count those pods too). A second Deployment or a
 * bare Pod with the old image behind the same Service serves checkout traffic just the same.
 */
export function checkoutWorkloads(cluster: Cluster): Workload[] {
  const deployment = checkoutDeployment(cluster);
  if (!deployment) return [];
  const service = cluster.find('Service', NAMESPACE, SERVICE);
  const serviceSelector = asRecord(service?.body.spec).selector;
  const deploymentSelector = labelSelector(asRecord(deployment.body.spec).selector);
  const all = workloadsIn(cluster, NAMESPACE);
  const own = all.find((w) => w.object === deployment) ?? {
    object: deployment,
    label: describeObject(deployment),
    labels: asStringMap(templateLabels(deployment)),
    pod: asRecord(asRecord(asRecord(deployment.body.spec).template).spec),
  };
  const others = all.filter(
    (w) =>
      w.object !== deployment &&
      ((service !== undefined && mapSelectorMatches(serviceSelector, w.labels)) ||
        (!deploymentSelector.empty && deploymentSelector.matches(w.labels))),
  );
  return [own, ...others];
}

/** Every container of a pod: init containers (sidecars included) first, then the main ones. */
export function podContainers(pod: Fields): Fields[] {
  return [...asList(pod.initContainers), ...asList(pod.containers)].filter(isRecord);
}
