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
  const replicas = asInteger(asRecord(deployment.body.spec).replicas);
  // The HPA leaves a Deployment scaled to zero alone: autoscaling is off until someone scales it up.
  if (replicas === 0) return { min: 0, max: 0, source: 'spec.replicas 0 (an HPA does not scale up from 0)' };
  const hpa = autoscalerOf(cluster, deployment);
  if (hpa) {
    const spec = asRecord(hpa.body.spec);
    const hpaMin = asInteger(spec.minReplicas) ?? 1;
    const max = Math.max(hpaMin, asInteger(spec.maxReplicas) ?? hpaMin);
    const source = `HorizontalPodAutoscaler ${hpa.name} (${hpaMin} to ${max} replicas)`;
    // Each apply sets spec.replicas; the HPA only scales back at its next sync.
    if (replicas !== undefined && replicas < hpaMin) {
      return {
        min: replicas,
        max,
        source: `${source}, but spec.replicas ${replicas}: every apply scales to ${replicas} until the HPA scales back`,
      };
    }
    return { min: hpaMin, max, source };
  }
  const count = replicas ?? 1;
  return { min: count, max: count, source: `spec.replicas (${count})` };
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
