import type { Cluster } from './cluster.ts';
import { groupOf } from './cluster.ts';
import type { ManifestObject } from './documents.ts';
import { asInteger, asRecord } from './values.ts';

/** The range of replica counts the Deployment may run at: the HPA's when one scales it. */
export interface ReplicaRange {
  readonly min: number;
  readonly max: number;
  readonly source: string;
}

export function replicaRange(cluster: Cluster, deployment: ManifestObject): ReplicaRange {
  const hpa = autoscalerOf(cluster, deployment);
  if (hpa) {
    const spec = asRecord(hpa.body.spec);
    const min = asInteger(spec.minReplicas) ?? 1;
    const max = Math.max(min, asInteger(spec.maxReplicas) ?? min);
    return { min, max, source: `HorizontalPodAutoscaler ${hpa.name} (${min} to ${max} replicas)` };
  }
  const replicas = asInteger(asRecord(deployment.body.spec).replicas) ?? 1;
  return { min: replicas, max: replicas, source: `spec.replicas (${replicas})` };
}

/** The HorizontalPodAutoscaler whose scaleTargetRef names this Deployment, if any. */
export function autoscalerOf(cluster: Cluster, deployment: ManifestObject): ManifestObject | undefined {
  return cluster.ofKind('HorizontalPodAutoscaler').find((hpa) => scales(hpa, deployment));
}

/** Whether the HPA's scaleTargetRef resolves to this Deployment (same namespace, apps group). */
export function scales(hpa: ManifestObject, deployment: ManifestObject): boolean {
  const target = asRecord(asRecord(hpa.body.spec).scaleTargetRef);
  return (
    hpa.namespace === deployment.namespace &&
    target.kind === 'Deployment' &&
    target.name === deployment.name &&
    typeof target.apiVersion === 'string' &&
    groupOf(target.apiVersion) === 'apps'
  );
}
