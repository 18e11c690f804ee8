/**
 * Mutation operators for Kubernetes manifests: each changes one thing a reviewer of a manifest
 * would notice (a label, a selector, a port, a probe, replicas, an image, resources, a rollout
 * field, the object's place) or adds a second object over the same pods. Every mutant keeps the
 * file loadable by kubectl, since a mutant that breaks parsing tests nothing but the parser.
 *
 * Ids are `<operator> <file> <Kind>/<name> <path>[ = <value>]`, stable for the same input; the order
 * is files, then documents, then paths as written.
 */
import { type Document, stringify } from 'yaml';
import type { Mutant, MutationOperator, SubmissionFile } from '../types.ts';
import {
  deleteYamlNode,
  setYamlValue,
  YamlEditError,
  type YamlLocation,
  type YamlPath,
  yamlDocuments,
} from '../yaml-edit.ts';

type Fields = Record<string, unknown>;

/** One Kubernetes object of a file, with where its fields are (a List's items are objects too). */
interface K8sObject {
  readonly file: SubmissionFile;
  readonly doc: number;
  /** The path of the object inside its document: [] or ['items', i]. */
  readonly base: YamlPath;
  readonly kind: string;
  readonly name: string;
  readonly body: Fields;
}

const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const record = (value: unknown): Fields => (isRecord(value) ? value : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const MANIFEST = /\.(ya?ml)$/;

/** Every object of every YAML manifest, in file and document order. */
function objectsOf(files: readonly SubmissionFile[]): K8sObject[] {
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
interface Target {
  readonly path: YamlPath;
  readonly what: string;
}

type Edit = { set: unknown } | { drop: true };

function edited(object: K8sObject, path: YamlPath, edit: Edit): string | undefined {
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
function loads(content: string): boolean {
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

function pathText(path: YamlPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function withFile(files: readonly SubmissionFile[], path: string, content: string): SubmissionFile[] {
  return files.map((f) => (f.path === path ? { path, content } : { ...f }));
}

/** One mutant per (target, edit) pair, skipping edits that cannot be made or change nothing. */
function mutants(
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

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** The pod template of a workload, with the path to it. */
function podTemplate(object: K8sObject): { path: YamlPath; template: Fields } | undefined {
  if (object.kind === 'Pod') return { path: [], template: object.body };
  if (!WORKLOADS.has(object.kind)) return undefined;
  return { path: ['spec', 'template'], template: record(record(object.body.spec).template) };
}

/** Every container of a pod template, with the path to it. */
function containers(object: K8sObject): { path: YamlPath; container: Fields; name: string }[] {
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
function otherValue(value: unknown): unknown {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'string') return `${value}-v2`;
  return undefined;
}

function entries(value: unknown, path: YamlPath): [YamlPath, unknown][] {
  return Object.entries(record(value)).map(([key, v]) => [[...path, key], v]);
}

const changeLabel: MutationOperator = {
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

const changeSelector: MutationOperator = {
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

const changePort: MutationOperator = {
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

const PROBES = ['startupProbe', 'livenessProbe', 'readinessProbe'] as const;
const TIMINGS = ['initialDelaySeconds', 'periodSeconds', 'failureThreshold', 'timeoutSeconds'] as const;

const changeProbe: MutationOperator = {
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

const changeReplicas: MutationOperator = {
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

const changeImage: MutationOperator = {
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

const changeResources: MutationOperator = {
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
function scaleQuantity(value: unknown, factor: number): string | undefined {
  const text = String(value);
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(text);
  if (!match) return undefined;
  const [, digits = '0', unit = ''] = match;
  const amount = Number(digits) * factor;
  if (unit === '' || unit === 'm') return `${Math.max(1, Math.round(amount * (unit === 'm' ? 1 : 1000)))}m`;
  const kib = { Ki: 1, Mi: 1024, Gi: 1024 * 1024 }[unit] ?? 1;
  return `${Math.max(1, Math.round(amount * kib))}Ki`;
}

const changeRollout: MutationOperator = {
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

const dropObject: MutationOperator = {
  name: 'k8s.drop-object',
  description: 'Removes one object from the manifests.',
  apply(files) {
    return objectsOf(files).flatMap((object) => {
      if (object.base.length > 0) return [];
      const documents = yamlDocuments(object.file.content);
      const kept = documents.filter((_, index) => index !== object.doc).map((d) => d.toString());
      return [
        {
          id: `k8s.drop-object ${object.file.path} ${object.kind}/${object.name}`,
          operator: 'k8s.drop-object',
          description: `${object.kind} ${object.name} removed from ${object.file.path}`,
          files: withFile(files, object.file.path, kept.join('---\n')),
        },
      ];
    });
  },
};

const changeNamespace: MutationOperator = {
  name: 'k8s.change-namespace',
  description:
    "Moves an object to another namespace, or drops its namespace (kubectl's context then decides).",
  apply: (files) =>
    mutants('k8s.change-namespace', files, (object) =>
      record(object.body.metadata).namespace === undefined
        ? []
        : [
            {
              target: { path: ['metadata', 'namespace'], what: 'namespace' },
              edits: [{ drop: true }, { set: 'default' }],
            },
          ],
    ),
};

/** API versions that were served once and are not any more (or never were for this kind). */
const OLD_VERSIONS: Readonly<Record<string, string>> = {
  PodDisruptionBudget: 'policy/v1beta1',
  HorizontalPodAutoscaler: 'autoscaling/v2beta2',
  Deployment: 'extensions/v1beta1',
};

const changeApiVersion: MutationOperator = {
  name: 'k8s.change-api-version',
  description: 'Writes an object with an API version Kubernetes 1.29 no longer serves.',
  apply: (files) =>
    mutants('k8s.change-api-version', files, (object) => {
      const old = OLD_VERSIONS[object.kind];
      return old ? [{ target: { path: ['apiVersion'], what: 'apiVersion' }, edits: [{ set: old }] }] : [];
    }),
};

const dropReference: MutationOperator = {
  name: 'k8s.drop-reference',
  description: 'Drops one env var, envFrom source, volume mount, volume or ConfigMap key.',
  apply: (files) =>
    mutants('k8s.drop-reference', files, (object) => {
      const targets: { target: Target; edits: Edit[] }[] = [];
      for (const { path, container, name } of containers(object)) {
        for (const field of ['env', 'envFrom', 'volumeMounts']) {
          for (const index of list(container[field]).keys()) {
            targets.push({
              target: { path: [...path, field, index], what: `container ${name} ${field}` },
              edits: [{ drop: true }],
            });
          }
        }
      }
      const pod = podTemplate(object);
      if (pod) {
        for (const index of list(record(pod.template.spec).volumes).keys()) {
          targets.push({
            target: { path: [...pod.path, 'spec', 'volumes', index], what: 'volume' },
            edits: [{ drop: true }],
          });
        }
      }
      if (object.kind === 'ConfigMap') {
        for (const key of Object.keys(record(object.body.data))) {
          targets.push({ target: { path: ['data', key], what: 'ConfigMap key' }, edits: [{ drop: true }] });
        }
      }
      return targets;
    }),
};

/** Kinds whose second copy over the same pods changes what the cluster does. */
const DUPLICABLE = new Set(['Deployment', 'PodDisruptionBudget', 'HorizontalPodAutoscaler']);

const addSelectingObject: MutationOperator = {
  name: 'k8s.add-selecting-object',
  description:
    'Adds a copy of a Deployment, disruption budget or autoscaler under another name, so two objects select (or scale) the same pods.',
  apply(files) {
    return objectsOf(files).flatMap((object) => {
      if (!DUPLICABLE.has(object.kind)) return [];
      const copy = structuredClone(object.body);
      const metadata = record(copy.metadata);
      metadata.name = `${object.name}-copy`;
      const made = [
        {
          id: `k8s.add-selecting-object ${object.file.path} ${object.kind}/${object.name}`,
          operator: 'k8s.add-selecting-object',
          description: `a second ${object.kind} (${object.name}-copy) added to ${object.file.path}, over the same pods`,
          files: withFile(files, object.file.path, appendDocument(object.file.content, copy)),
        },
      ];
      const pod = podTemplate(object);
      if (object.kind === 'Deployment' && pod) {
        // A bare Pod from the same template: the Service and the selector reach it, no controller owns it.
        const template = structuredClone(pod.template);
        const bare = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            ...record(template.metadata),
            name: `${object.name}-debug`,
            namespace: record(object.body.metadata).namespace,
          },
          spec: template.spec,
        };
        made.push({
          id: `k8s.add-selecting-object ${object.file.path} ${object.kind}/${object.name} bare Pod`,
          operator: 'k8s.add-selecting-object',
          description: `a bare Pod (${object.name}-debug) with the Deployment's pod template added to ${object.file.path}`,
          files: withFile(files, object.file.path, appendDocument(object.file.content, bare)),
        });
      }
      return made;
    });
  },
};

function appendDocument(content: string, object: unknown): string {
  return `${content.replace(/\n*$/, '\n')}---\n${stringify(object)}`;
}

/** Every Kubernetes operator, in the order the runner applies them. */
export const operators: MutationOperator[] = [
  changeLabel,
  changeSelector,
  changePort,
  changeProbe,
  changeReplicas,
  changeImage,
  changeResources,
  changeRollout,
  changeNamespace,
  changeApiVersion,
  dropObject,
  dropReference,
  addSelectingObject,
];
