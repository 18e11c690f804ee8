import type { Cluster } from './cluster.ts';
import type { ManifestObject } from './documents.ts';
import type { Fields } from './values.ts';
import { asList, asRecord, asString, isRecord } from './values.ts';

/**
 * Everything a set of manifests declares that something else may depend on: objects, containers,
 * their ports, env vars, mounts and volumes, Service ports, ConfigMap keys. One line per item, so
 * what the starter declared can be compared with what a solution still declares.
 */
export function inventoryOf(cluster: Cluster): string[] {
  return cluster.objects.flatMap(itemsOf).sort();
}

function itemsOf(object: ManifestObject): string[] {
  const id = `${object.kind} ${object.namespace ?? '-'}/${object.name}`;
  const spec = asRecord(object.body.spec);
  const items = [id];
  if (object.kind === 'Deployment' || object.kind === 'StatefulSet' || object.kind === 'DaemonSet') {
    const pod = asRecord(asRecord(spec.template).spec);
    for (const container of [...asList(pod.initContainers), ...asList(pod.containers)].filter(isRecord)) {
      items.push(...containerItems(`${id}: container ${asString(container.name) ?? '?'}`, container));
    }
    for (const volume of asList(pod.volumes).filter(isRecord))
      items.push(`${id}: volume ${asString(volume.name) ?? '?'}`);
  }
  if (object.kind === 'Service') {
    for (const port of asList(spec.ports).filter(isRecord))
      items.push(`${id}: port ${portText(port, 'port')}`);
  }
  if (object.kind === 'ConfigMap') {
    for (const key of [
      ...Object.keys(asRecord(object.body.data)),
      ...Object.keys(asRecord(object.body.binaryData)),
    ]) {
      items.push(`${id}: key ${key}`);
    }
  }
  return items;
}

function containerItems(prefix: string, container: Fields): string[] {
  return [
    prefix,
    ...asList(container.ports)
      .filter(isRecord)
      .map((p) => `${prefix}: port ${portText(p, 'containerPort')}`),
    ...asList(container.env)
      .filter(isRecord)
      .map((e) => `${prefix}: env ${asString(e.name) ?? '?'}`),
    ...asList(container.envFrom)
      .filter(isRecord)
      .map((e) => {
        const source = isRecord(e.configMapRef) ? ['ConfigMap', e.configMapRef] : ['Secret', e.secretRef];
        return `${prefix}: envFrom ${source[0]} ${asString(asRecord(source[1]).name) ?? '?'}`;
      }),
    ...asList(container.volumeMounts)
      .filter(isRecord)
      .map((m) => `${prefix}: mount ${asString(m.name) ?? '?'} at ${asString(m.mountPath) ?? '?'}`),
  ];
}

function portText(port: Fields, numberField: string): string {
  const name = asString(port.name);
  const protocol = asString(port.protocol) ?? 'TCP';
  return `${name ? `${name} ` : ''}${String(port[numberField])}/${protocol}`;
}
