import type { Check, Finding } from '../check.ts';
import { judgedFindings, outcome } from '../check.ts';
import type { Cluster } from '../cluster.ts';
import { containersOf, MISSING_DEPLOYMENT, podSpec, templateLabels } from '../cluster.ts';
import type { ManifestObject } from '../documents.ts';
import { NAMESPACE } from '../incident.ts';
import { declaredPort } from '../probes.ts';
import { scales } from '../replicas.ts';
import { labelSelector, mapSelectorMatches, sameSelector } from '../selectors.ts';
import { AUTOSCALER, SERVICE, STARTER_SELECTOR } from '../starter.ts';
import { asList, asRecord, asString, asStringMap, isRecord } from '../values.ts';
import type { Workload } from '../workloads.ts';
import { whereIs } from '../workloads.ts';

/**
 * R9. The links between objects, followed by value: the Deployment's selector (immutable, and it
 * must match its own pods), the Service's selector and target ports, the HPA's target, and every
 * ConfigMap the pod reads (by name, and by key where it names keys).
 */
export const wiringCheck: Check = {
  id: 'wiring-intact',
  judge({ deployment, cluster, workloads }) {
    if (!deployment) return outcome(0, MISSING_DEPLOYMENT);
    const labels = asStringMap(templateLabels(deployment));
    const selector = asRecord(deployment.body.spec).selector;
    const hpa = cluster.find('HorizontalPodAutoscaler', NAMESPACE, AUTOSCALER);
    const findings: Finding[] = [
      {
        ok: sameSelector(selector, STARTER_SELECTOR),
        text: 'the Deployment selector must stay as it is (the API server refuses any change to it)',
      },
      {
        ok: !labelSelector(selector).empty && labelSelector(selector).matches(labels),
        text: "the Deployment selector must match its pod template's labels",
      },
      ...serviceFindings(cluster, deployment, labels),
      {
        ok: hpa !== undefined && scales(hpa, deployment),
        text: `HorizontalPodAutoscaler ${AUTOSCALER} in ${NAMESPACE} must scale the Deployment`,
      },
      autoscalerCount(cluster, deployment),
      overlapFinding(workloads),
      ...configMapFindings(cluster, deployment),
    ];
    return judgedFindings(
      findings,
      'Selectors, ports and references all still connect.',
      `${whereIs(deployment, ['spec', 'selector'])} (Deployment ${deployment.name} and what points at it): something no longer connects`,
    );
  },
};

/**
 * Another controller whose pods the Deployment's selector also matches: controllers with
 * overlapping selectors fight over the pods (the Kubernetes documentation warns against it), and the
 * HPA and the PDB count the other pods as checkout's.
 */
function overlapFinding(workloads: readonly Workload[]): Finding {
  const [own, ...others] = workloads;
  const claimed = others.filter((w) => own && selectorOf(own).matches(w.labels));
  return {
    ok: claimed.length === 0,
    text:
      claimed.length === 0
        ? "no other workload's pods match the Deployment's selector"
        : `the Deployment's selector also matches the pods of ${claimed.map((w) => w.label).join(', ')}: controllers with overlapping selectors fight over pods, and the HPA and PDB count them as checkout's`,
  };
}

function selectorOf(workload: Workload) {
  return labelSelector(asRecord(workload.object.body.spec).selector);
}

/** Two autoscalers on one Deployment fight: the controller reports AmbiguousSelector and scales neither. */
function autoscalerCount(cluster: Cluster, deployment: ManifestObject): Finding {
  const all = cluster.ofKind('HorizontalPodAutoscaler').filter((h) => scales(h, deployment));
  return {
    ok: all.length <= 1,
    text:
      all.length <= 1
        ? 'one HorizontalPodAutoscaler at most scales the Deployment'
        : `${all.length} HorizontalPodAutoscalers (${all.map((h) => `${h.name} in ${h.file} line ${h.line}`).join(', ')}) scale the Deployment; the controller refuses to scale a target that more than one autoscaler claims`,
  };
}

function serviceFindings(
  cluster: Cluster,
  deployment: ManifestObject,
  labels: ReadonlyMap<string, string>,
): Finding[] {
  const service = cluster.find('Service', NAMESPACE, SERVICE);
  if (!service) return [{ ok: false, text: `Service ${SERVICE} must exist in ${NAMESPACE}` }];
  const spec = asRecord(service.body.spec);
  const containers = containersOf(deployment);
  return [
    {
      ok: mapSelectorMatches(spec.selector, labels),
      text: `Service ${SERVICE}'s selector must match the pods (${whereIs(service, ['spec', 'selector'])})`,
    },
    ...asList(spec.ports)
      .filter(isRecord)
      .map((port) => {
        const target = port.targetPort ?? port.port;
        return {
          ok: containers.some((c) => declaredPort(c, target) !== undefined),
          text: `Service ${SERVICE} port ${String(port.port)} must reach a declared container port (targetPort ${JSON.stringify(target ?? null)}, ${whereIs(service, ['spec', 'ports'])})`,
        };
      }),
  ];
}

interface ConfigMapUse {
  readonly name: string;
  readonly keys: readonly string[];
  readonly optional: boolean;
  readonly where: string;
}

function configMapFindings(cluster: Cluster, deployment: ManifestObject): Finding[] {
  return configMapUses(deployment).map((use) => {
    const map = cluster.find('ConfigMap', deployment.namespace, use.name);
    const keys = new Set([
      ...Object.keys(asRecord(map?.body.data)),
      ...Object.keys(asRecord(map?.body.binaryData)),
    ]);
    const missingKeys = use.keys.filter((k) => !keys.has(k));
    const ok = use.optional || (map !== undefined && missingKeys.length === 0);
    const detail = !map
      ? ' (no such ConfigMap)'
      : missingKeys.length > 0
        ? ` (missing key ${missingKeys.join(', ')})`
        : '';
    return {
      ok,
      text: `${use.where} reads ConfigMap ${use.name}${ok ? ', which exists' : `, which must exist${detail}`}`,
    };
  });
}

function configMapUses(deployment: ManifestObject): ConfigMapUse[] {
  const uses: ConfigMapUse[] = [];
  for (const container of containersOf(deployment)) {
    const where = `container ${asString(container.name) ?? '?'}`;
    for (const from of asList(container.envFrom).filter(isRecord)) {
      const ref = asRecord(from.configMapRef);
      const name = asString(ref.name);
      if (name) uses.push({ name, keys: [], optional: ref.optional === true, where });
    }
    for (const env of asList(container.env).filter(isRecord)) {
      const ref = asRecord(asRecord(env.valueFrom).configMapKeyRef);
      const name = asString(ref.name);
      const key = asString(ref.key);
      if (name) uses.push({ name, keys: key ? [key] : [], optional: ref.optional === true, where });
    }
  }
  for (const volume of asList(podSpec(deployment).volumes).filter(isRecord)) {
    const where = `volume ${asString(volume.name) ?? '?'}`;
    const sources = [
      volume.configMap,
      ...asList(asRecord(volume.projected).sources).map((s) => asRecord(s).configMap),
    ];
    for (const source of sources.filter(isRecord)) {
      const name = asString(source.name);
      const keys = asList(source.items).flatMap((item) => asString(asRecord(item).key) ?? []);
      if (name) uses.push({ name, keys, optional: source.optional === true, where });
    }
  }
  return uses;
}
