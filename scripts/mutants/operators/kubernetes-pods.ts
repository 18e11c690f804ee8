import type { MutationOperator } from '../types.ts';
import {
  containers,
  type Edit,
  entries,
  isRecord,
  list,
  mutants,
  otherValue,
  podTemplate,
  record,
  type Target,
  WORKLOADS,
} from './kubernetes-objects.ts';

export const changeLabel: MutationOperator = {
  name: 'k8s.change-label',
  description: "Changes the value of one label on a workload's pod template.",
  apply: (files) =>
    mutants('k8s.change-label', files, (object) => {
      const pod = podTemplate(object);
      if (!pod) return [];
      return entries(record(pod.template.metadata).labels, [...pod.path, 'metadata', 'labels']).map(
        ([path, value]) => ({ target: { path, what: 'pod label' }, edits: [{ set: otherValue(value) }] }),
      );
    }),
};

export const changeSelector: MutationOperator = {
  name: 'k8s.change-selector',
  description: "Changes or drops one term of a Service's, workload's or disruption budget's selector.",
  apply: (files) =>
    mutants('k8s.change-selector', files, (object) => {
      const spec = record(object.body.spec);
      const terms =
        object.kind === 'Service'
          ? entries(spec.selector, ['spec', 'selector'])
          : WORKLOADS.has(object.kind) || object.kind === 'PodDisruptionBudget'
            ? entries(record(spec.selector).matchLabels, ['spec', 'selector', 'matchLabels'])
            : [];
      return terms.map(([path, value]) => ({
        target: { path, what: 'selector term' },
        edits: [{ set: otherValue(value) }, { drop: true }],
      }));
    }),
};

export const changePort: MutationOperator = {
  name: 'k8s.change-port',
  description: "Moves a container port, a Service port or target port, or a probe's port.",
  apply: (files) =>
    mutants('k8s.change-port', files, (object) => {
      const targets: { target: Target; edits: Edit[] }[] = [];
      for (const { path, container, name } of containers(object)) {
        list(container.ports).forEach((port, index) => {
          if (isRecord(port) && typeof port.containerPort === 'number') {
            targets.push({
              target: { path: [...path, 'ports', index, 'containerPort'], what: `container ${name} port` },
              edits: [{ set: port.containerPort + 1 }],
            });
          }
        });
        for (const probe of PROBES) {
          const handler = record(container[probe]);
          for (const kind of ['httpGet', 'tcpSocket']) {
            const port = record(handler[kind]).port;
            if (port === undefined) continue;
            targets.push({
              target: { path: [...path, probe, kind, 'port'], what: `container ${name} ${probe} port` },
              edits: [{ set: typeof port === 'number' ? port + 1 : 'metrics' === port ? 'http' : 'metrics' }],
            });
          }
        }
      }
      if (object.kind === 'Service') {
        list(record(object.body.spec).ports).forEach((port, index) => {
          if (!isRecord(port)) return;
          for (const field of ['port', 'targetPort']) {
            if (port[field] === undefined) continue;
            targets.push({
              target: { path: ['spec', 'ports', index, field], what: `Service ${field}` },
              edits: [{ set: otherValue(port[field]) }],
            });
          }
        });
      }
      return targets;
    }),
};

export const PROBES = ['startupProbe', 'livenessProbe', 'readinessProbe'] as const;
export const TIMINGS = [
  'initialDelaySeconds',
  'periodSeconds',
  'failureThreshold',
  'timeoutSeconds',
] as const;

export const changeProbe: MutationOperator = {
  name: 'k8s.change-probe',
  description:
    "Drops a probe, or changes one of its fields: a timing (dropped, quartered, six times as long), its path, or its handler's host and scheme.",
  apply: (files) =>
    mutants('k8s.change-probe', files, (object) =>
      containers(object).flatMap(({ path, container, name }) =>
        PROBES.flatMap((probe) => {
          const fields = container[probe];
          if (!isRecord(fields)) return [];
          const at = [...path, probe];
          const what = `container ${name} ${probe}`;
          const targets: { target: Target; edits: Edit[] }[] = [
            { target: { path: at, what }, edits: [{ drop: true }] },
          ];
          for (const timing of TIMINGS) {
            const value = fields[timing];
            if (typeof value !== 'number') continue;
            targets.push({
              target: { path: [...at, timing], what: `${what} ${timing}` },
              edits: [{ drop: true }, { set: Math.max(1, Math.floor(value / 4)) }, { set: value * 6 }],
            });
          }
          const http = record(fields.httpGet);
          if (typeof http.path === 'string') {
            targets.push({
              target: { path: [...at, 'httpGet', 'path'], what: `${what} path` },
              edits: [{ set: '/' }],
            });
          }
          if (isRecord(fields.httpGet)) {
            targets.push(
              {
                target: { path: [...at, 'httpGet', 'host'], what: `${what} host` },
                edits: [{ set: 'localhost' }],
              },
              {
                target: { path: [...at, 'httpGet', 'scheme'], what: `${what} scheme` },
                edits: [{ set: 'HTTPS' }],
              },
            );
          }
          return targets;
        }),
      ),
    ),
};

export const changeReplicas: MutationOperator = {
  name: 'k8s.change-replicas',
  description:
    "Changes a replica count: a workload's replicas, an autoscaler's bounds, a disruption budget's minAvailable or maxUnavailable.",
  apply: (files) =>
    mutants('k8s.change-replicas', files, (object) => {
      const spec = record(object.body.spec);
      const fields: [string, Edit[]][] =
        object.kind === 'HorizontalPodAutoscaler'
          ? [
              ['minReplicas', [{ set: 1 }, { set: 2 }]],
              ['maxReplicas', [{ set: 3 }]],
            ]
          : object.kind === 'PodDisruptionBudget'
            ? [
                ['minAvailable', [{ set: 0 }, { set: 3 }, { set: '100%' }]],
                ['maxUnavailable', [{ set: 0 }, { set: 3 }, { set: '100%' }]],
              ]
            : WORKLOADS.has(object.kind)
              ? [['replicas', [{ set: 0 }, { set: 1 }]]]
              : [];
      return fields
        .filter(([field]) => spec[field] !== undefined)
        .map(([field, edits]) => ({ target: { path: ['spec', field], what: field }, edits }));
    }),
};

export const changeImage: MutationOperator = {
  name: 'k8s.change-image',
  description:
    "Changes a container's image: another tag, a floating tag, no registry, or a digest dropped or swapped.",
  apply: (files) =>
    mutants('k8s.change-image', files, (object) =>
      containers(object).flatMap(({ path, container, name }) => {
        if (typeof container.image !== 'string') return [];
        const image = container.image;
        const [named = '', digest] = image.split('@');
        const colon = named.lastIndexOf(':');
        const repository = colon > named.lastIndexOf('/') ? named.slice(0, colon) : named;
        const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : undefined;
        const edits: Edit[] = [{ set: `${repository}:latest` }, { set: repository }];
        if (tag) {
          const bumped = tag.replace(/(\d+)$/, (d) => String(Number(d) + 1));
          const floating = tag.replace(/\.\d+$/, '');
          edits.push({ set: `${repository}:${bumped}` }, { set: `${repository}:${floating}` });
        }
        if (digest) {
          edits.push({ set: `${repository}@sha256:${'0'.repeat(64)}` });
          edits.push({ set: `${repository.split('/').slice(1).join('/')}@${digest}` });
        } else if (repository.includes('/')) {
          edits.push({ set: `${repository.split('/').slice(1).join('/')}${tag ? `:${tag}` : ''}` });
        }
        return [{ target: { path: [...path, 'image'], what: `container ${name} image` }, edits }];
      }),
    ),
};

export const changeResources: MutationOperator = {
  name: 'k8s.change-resources',
  description:
    "Changes a container's resources: drops the block or one quantity, a limit cut to a tenth, a request raised tenfold.",
  apply: (files) =>
    mutants('k8s.change-resources', files, (object) =>
      containers(object).flatMap(({ path, container, name }) => {
        const resources = container.resources;
        if (!isRecord(resources)) return [];
        const at = [...path, 'resources'];
        const what = `container ${name} resources`;
        const targets: { target: Target; edits: Edit[] }[] = [
          { target: { path: at, what }, edits: [{ drop: true }] },
        ];
        for (const [kind, factor] of [
          ['limits', 0.1],
          ['requests', 10],
        ] as const) {
          for (const [resource, value] of Object.entries(record(resources[kind]))) {
            const scaled = scaleQuantity(value, factor);
            targets.push({
              target: { path: [...at, kind, resource], what: `${what} ${kind}.${resource}` },
              edits: scaled === undefined ? [{ drop: true }] : [{ drop: true }, { set: scaled }],
            });
          }
        }
        return targets;
      }),
    ),
};

/** A quantity times a factor, written in the smallest unit that keeps it whole (m or Ki). */
export function scaleQuantity(value: unknown, factor: number): string | undefined {
  const text = String(value);
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(text);
  if (!match) return undefined;
  const [, digits = '0', unit = ''] = match;
  const amount = Number(digits) * factor;
  if (unit === '' || unit === 'm') return `${Math.max(1, Math.round(amount * (unit === 'm' ? 1 : 1000)))}m`;
  const kib = { Ki: 1, Mi: 1024, Gi: 1024 * 1024 }[unit] ?? 1;
  return `${Math.max(1, Math.round(amount * kib))}Ki`;
}

export const changeRollout: MutationOperator = {
  name: 'k8s.change-rollout',
  description:
    'Changes how a Deployment rolls out: Recreate, surge or unavailability moved, the rolling update dropped, the rollout paused, a short progress deadline, a long minReadySeconds.',
  apply: (files) =>
    mutants('k8s.change-rollout', files, (object) => {
      if (object.kind !== 'Deployment') return [];
      const spec = record(object.body.spec);
      const update = record(record(spec.strategy).rollingUpdate);
      const targets: { target: Target; edits: Edit[] }[] = [
        { target: { path: ['spec', 'paused'], what: 'paused' }, edits: [{ set: true }] },
        {
          target: { path: ['spec', 'progressDeadlineSeconds'], what: 'progressDeadlineSeconds' },
          edits: [{ set: 30 }],
        },
        { target: { path: ['spec', 'minReadySeconds'], what: 'minReadySeconds' }, edits: [{ set: 600 }] },
      ];
      if (isRecord(spec.strategy)) {
        targets.push(
          { target: { path: ['spec', 'strategy'], what: 'strategy' }, edits: [{ drop: true }] },
          {
            target: { path: ['spec', 'strategy', 'type'], what: 'strategy type' },
            edits: [{ set: 'Recreate' }],
          },
        );
      }
      if (isRecord(record(spec.strategy).rollingUpdate)) {
        targets.push({
          target: { path: ['spec', 'strategy', 'rollingUpdate'], what: 'rollingUpdate' },
          edits: [{ drop: true }],
        });
        for (const field of ['maxUnavailable', 'maxSurge']) {
          if (update[field] === undefined) continue;
          targets.push({
            target: { path: ['spec', 'strategy', 'rollingUpdate', field], what: field },
            edits: [{ drop: true }, { set: field === 'maxSurge' ? 0 : 1 }, { set: '10%' }],
          });
        }
      }
      return targets;
    }),
};
