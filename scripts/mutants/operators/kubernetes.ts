/**
 * Mutation operators for Kubernetes manifests: each changes one thing a reviewer of a manifest
 * would notice (a label, a selector, a port, a probe, replicas, an image, resources, a rollout
 * field, the object's place) or adds a second object over the same pods. Every mutant keeps the
 * file loadable by kubectl, since a mutant that breaks parsing tests nothing but the parser.
 *
 * Ids are `<operator> <file> <Kind>/<name> <path>[ = <value>]`, stable for the same input; the order
 * is files, then documents, then paths as written.
 */
import { stringify } from 'yaml';
import type { MutationOperator } from '../types.ts';
import { yamlDocuments } from '../yaml-edit.ts';
import {
  containers,
  type Edit,
  list,
  mutants,
  objectsOf,
  podTemplate,
  record,
  type Target,
  withFile,
} from './kubernetes-objects.ts';
import {
  changeImage,
  changeLabel,
  changePort,
  changeProbe,
  changeReplicas,
  changeResources,
  changeRollout,
  changeSelector,
} from './kubernetes-pods.ts';

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
