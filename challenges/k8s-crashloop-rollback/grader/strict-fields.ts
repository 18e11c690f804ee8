import type { SchemaProblem } from './kinds.ts';
import { isRecord } from './values.ts';

/**
 * kubectl 1.29 applies with `--validate=strict` by default: the API server refuses an object with a
 * field its schema does not know (`strict decoding error: unknown field "spec.template.spec.containers[0].startupprobe"`).
 * The generated schema validators accept unknown fields, so a typo such as `startupprobe` or
 * `maxUnavailabe` would silently do nothing. This walks the fields this challenge's objects use
 * (Kubernetes 1.29's field names) and reports any other.
 */
type Shape = { readonly keys: readonly string[]; readonly children?: Readonly<Record<string, ShapeRef>> };
/** A child shape, or a list of it (`[shape]`). */
type ShapeRef = string | readonly [string];

const SHAPES: Readonly<Record<string, Shape>> = {
  meta: {
    keys: [
      'name',
      'generateName',
      'namespace',
      'selfLink',
      'uid',
      'resourceVersion',
      'generation',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'labels',
      'annotations',
      'ownerReferences',
      'finalizers',
      'managedFields',
    ],
  },
  object: { keys: ['apiVersion', 'kind', 'metadata', 'spec', 'status'], children: { metadata: 'meta' } },
  deployment: {
    keys: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
    children: { metadata: 'meta', spec: 'deploymentSpec' },
  },
  deploymentSpec: {
    keys: [
      'replicas',
      'selector',
      'template',
      'strategy',
      'minReadySeconds',
      'revisionHistoryLimit',
      'paused',
      'progressDeadlineSeconds',
    ],
    children: { selector: 'selector', template: 'podTemplate', strategy: 'strategy' },
  },
  strategy: { keys: ['type', 'rollingUpdate'], children: { rollingUpdate: 'rollingUpdate' } },
  rollingUpdate: { keys: ['maxUnavailable', 'maxSurge'] },
  selector: { keys: ['matchLabels', 'matchExpressions'] },
  podTemplate: { keys: ['metadata', 'spec'], children: { metadata: 'meta', spec: 'podSpec' } },
  podSpec: {
    keys: [
      'volumes',
      'initContainers',
      'containers',
      'ephemeralContainers',
      'restartPolicy',
      'terminationGracePeriodSeconds',
      'activeDeadlineSeconds',
      'dnsPolicy',
      'nodeSelector',
      'serviceAccountName',
      'serviceAccount',
      'automountServiceAccountToken',
      'nodeName',
      'hostNetwork',
      'hostPID',
      'hostIPC',
      'shareProcessNamespace',
      'securityContext',
      'imagePullSecrets',
      'hostname',
      'subdomain',
      'affinity',
      'schedulerName',
      'tolerations',
      'hostAliases',
      'priorityClassName',
      'priority',
      'dnsConfig',
      'readinessGates',
      'runtimeClassName',
      'enableServiceLinks',
      'preemptionPolicy',
      'overhead',
      'topologySpreadConstraints',
      'setHostnameAsFQDN',
      'os',
      'hostUsers',
      'schedulingGates',
      'resourceClaims',
    ],
    children: { initContainers: ['container'], containers: ['container'] },
  },
  container: {
    keys: [
      'name',
      'image',
      'command',
      'args',
      'workingDir',
      'ports',
      'envFrom',
      'env',
      'resources',
      'resizePolicy',
      'restartPolicy',
      'volumeMounts',
      'volumeDevices',
      'livenessProbe',
      'readinessProbe',
      'startupProbe',
      'lifecycle',
      'terminationMessagePath',
      'terminationMessagePolicy',
      'imagePullPolicy',
      'securityContext',
      'stdin',
      'stdinOnce',
      'tty',
    ],
    children: {
      ports: ['containerPort'],
      resources: 'resources',
      livenessProbe: 'probe',
      readinessProbe: 'probe',
      startupProbe: 'probe',
    },
  },
  containerPort: { keys: ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'] },
  resources: { keys: ['limits', 'requests', 'claims'] },
  probe: {
    keys: [
      'exec',
      'httpGet',
      'tcpSocket',
      'grpc',
      'initialDelaySeconds',
      'timeoutSeconds',
      'periodSeconds',
      'successThreshold',
      'failureThreshold',
      'terminationGracePeriodSeconds',
    ],
    children: { exec: 'exec', httpGet: 'httpGet', tcpSocket: 'tcpSocket', grpc: 'grpc' },
  },
  exec: { keys: ['command'] },
  httpGet: { keys: ['path', 'port', 'host', 'scheme', 'httpHeaders'] },
  tcpSocket: { keys: ['port', 'host'] },
  grpc: { keys: ['port', 'service'] },
  pod: {
    keys: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
    children: { metadata: 'meta', spec: 'podSpec' },
  },
  pdb: {
    keys: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
    children: { metadata: 'meta', spec: 'pdbSpec' },
  },
  pdbSpec: {
    keys: ['minAvailable', 'selector', 'maxUnavailable', 'unhealthyPodEvictionPolicy'],
    children: { selector: 'selector' },
  },
  hpa: {
    keys: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
    children: { metadata: 'meta', spec: 'hpaSpec' },
  },
  hpaSpec: { keys: ['scaleTargetRef', 'minReplicas', 'maxReplicas', 'metrics', 'behavior'] },
  service: {
    keys: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
    children: { metadata: 'meta', spec: 'serviceSpec' },
  },
  serviceSpec: {
    keys: [
      'ports',
      'selector',
      'clusterIP',
      'clusterIPs',
      'type',
      'externalIPs',
      'sessionAffinity',
      'loadBalancerIP',
      'loadBalancerSourceRanges',
      'externalName',
      'externalTrafficPolicy',
      'healthCheckNodePort',
      'publishNotReadyAddresses',
      'sessionAffinityConfig',
      'ipFamilies',
      'ipFamilyPolicy',
      'allocateLoadBalancerNodePorts',
      'loadBalancerClass',
      'internalTrafficPolicy',
    ],
    children: { ports: ['servicePort'] },
  },
  servicePort: { keys: ['name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort'] },
  configMap: {
    keys: ['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable'],
    children: { metadata: 'meta' },
  },
};

/** The shape of each kind this challenge's manifests use, by apiVersion and kind. */
const ROOTS: Readonly<Record<string, string>> = {
  'apps/v1 Deployment': 'deployment',
  'v1 Pod': 'pod',
  'v1 Service': 'service',
  'v1 ConfigMap': 'configMap',
  'policy/v1 PodDisruptionBudget': 'pdb',
  'autoscaling/v2 HorizontalPodAutoscaler': 'hpa',
};

/** The fields kubectl's strict validation would refuse, with their paths. */
export function unknownFields(apiVersion: string, kind: string, object: unknown): SchemaProblem[] {
  const root = ROOTS[`${apiVersion} ${kind}`];
  if (!root) return [];
  const problems: SchemaProblem[] = [];
  walk(object, root, [], problems);
  return problems;
}

function walk(value: unknown, shapeName: string, path: string[], problems: SchemaProblem[]): void {
  const shape = SHAPES[shapeName];
  if (!shape || !isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (!shape.keys.includes(key)) {
      problems.push({
        path: [...path, key],
        message: `is not a field Kubernetes knows here: kubectl's strict validation refuses the object (a typo, or a field of another object?)`,
      });
      continue;
    }
    const ref = shape.children?.[key];
    if (ref === undefined) continue;
    if (typeof ref === 'string') walk(child, ref, [...path, key], problems);
    else if (Array.isArray(child)) {
      child.forEach((item, index) => {
        walk(item, ref[0], [...path, key, String(index)], problems);
      });
    }
  }
}
