import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  addYamlEntry,
  deleteYamlNode,
  setYamlValue,
  YamlEditError,
  yamlLine,
} from '../../scripts/mutants/yaml-edit.ts';

const manifest = `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata: &meta
  name: web # named in the brief
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: web
          image: "nginx:1.27"
          ports:
            - containerPort: 80
          args: [--port, "80"]
---
kind: Service
spec:
  selector: {app: web}
  ports:
    - port: 80
`;
const docs = (text: string) => YAML.parseAllDocuments(text).map((d) => d.toJS());
/** The lines of `after` that are not in `before`, and the other way round. */
const changed = (before: string, after: string) => {
  const a = before.split('\n');
  const b = after.split('\n');
  return { removed: a.filter((l) => !b.includes(l)), added: b.filter((l) => !a.includes(l)) };
};

describe('editing one node of a YAML file', () => {
  it('replaces a scalar in place, keeping comments, anchors, quoting and the other document', () => {
    const after = setYamlValue(manifest, { path: ['spec', 'replicas'] }, 0);
    expect(changed(manifest, after)).toEqual({ removed: ['  replicas: 3'], added: ['  replicas: 0'] });
    expect(docs(after)[0].spec.replicas).toBe(0);
  });

  it('addresses a node by document and path through lists, and quotes what must stay a string', () => {
    const path = ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'];
    const after = setYamlValue(manifest, { path }, '8080');
    expect(changed(manifest, after).added).toEqual(['            - containerPort: "8080"']);
    const service = setYamlValue(manifest, { doc: 1, path: ['spec', 'selector', 'app'] }, 'api');
    expect(changed(manifest, service)).toEqual({
      removed: ['  selector: {app: web}'],
      added: ['  selector: {app: api}'],
    });
  });

  it('adds a missing key at the indentation of its map', () => {
    const after = setYamlValue(manifest, { path: ['spec', 'paused'] }, true);
    expect(changed(manifest, after).added).toEqual(['  paused: true']);
    expect(docs(after)[0].spec).toMatchObject({ replicas: 3, paused: true });
    const flow = addYamlEntry(manifest, { doc: 1, path: ['spec', 'selector'] }, 'tier', 'front');
    expect(docs(flow)[1].spec.selector).toEqual({ app: 'web', tier: 'front' });
  });

  it('deletes a map entry or a list item with the lines it spans and nothing else', () => {
    const noPorts = deleteYamlNode(manifest, {
      path: ['spec', 'template', 'spec', 'containers', 0, 'ports'],
    });
    expect(changed(manifest, noPorts).removed).toEqual([
      '          ports:',
      '            - containerPort: 80',
    ]);
    expect(changed(manifest, noPorts).added).toEqual([]);
    const firstKey = deleteYamlNode(manifest, {
      path: ['spec', 'template', 'spec', 'containers', 0, 'name'],
    });
    expect(docs(firstKey)[0].spec.template.spec.containers[0]).toEqual({
      image: 'nginx:1.27',
      ports: [{ containerPort: 80 }],
      args: ['--port', '80'],
    });
    const flowItem = deleteYamlNode(manifest, {
      path: ['spec', 'template', 'spec', 'containers', 0, 'args', 1],
    });
    expect(docs(flowItem)[0].spec.template.spec.containers[0].args).toEqual(['--port']);
  });

  it('leaves an empty collection, not a null, when its last entry goes', () => {
    const after = deleteYamlNode(manifest, { doc: 1, path: ['spec', 'selector', 'app'] });
    expect(docs(after)[1].spec.selector).toEqual({});
  });

  it('gives the line of a node for mutant ids', () => {
    expect(yamlLine(manifest, { path: ['spec', 'replicas'] })).toBe(7);
    expect(yamlLine(manifest, { doc: 1, path: ['spec', 'ports', 0, 'port'] })).toBe(21);
  });

  it('refuses a path that is not there, or that goes through an alias, naming it', () => {
    expect(() => setYamlValue(manifest, { path: ['spec', 'template', 'nope', 'x'] }, 1)).toThrow(
      /document 0, path \["spec","template","nope","x"\]: no key "nope"/,
    );
    const aliased = 'a: &m {x: 1}\nb: *m\n';
    expect(() => setYamlValue(aliased, { path: ['b', 'x'] }, 2)).toThrow(YamlEditError);
    expect(() => setYamlValue(aliased, { path: ['b', 'x'] }, 2)).toThrow(/goes through an alias/);
  });
});
