import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  challengeDir,
  failedIds,
  gradeWorkspace,
  parseManifestFile,
  removeScratch,
  scratchDir,
} from '../fixtures/k8s-crashloop-rollback/harness.ts';

afterAll(removeScratch);

async function solutionWith(files: Record<string, string>): Promise<string> {
  const dir = await scratchDir();
  await cp(path.join(challengeDir, 'solution'), dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

const configMap = (data: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\ndata:\n${data}`;

describe('the k8s-crashloop-rollback grader loads manifests as kubectl (go-yaml v2) does', () => {
  it('resolves merge keys, the first map of a merge list winning over later ones', async () => {
    const source = `apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  namespace: shop
data:
  <<: [{a: first, b: kept}, {a: second, c: also}]
  d: &own own
  e: *own
`;
    const parsed = await parseManifestFile('m.yaml', source);
    expect(parsed.fatal).toEqual([]);
    expect(parsed.objects[0]?.body.data).toEqual({ a: 'first', b: 'kept', c: 'also', d: 'own', e: 'own' });
  });

  it('refuses an alias to an anchor of another document, as go-yaml does', async () => {
    const source = `${configMap('  a: &x "1"\n')}---\n${configMap('  b: *x\n')}`;
    const parsed = await parseManifestFile('m.yaml', source);
    expect(parsed.fatal).toHaveLength(1);
    expect(parsed.fatal[0]?.line).toBeGreaterThan(8);
  });

  it('reads YAML 1.1 scalars as go-yaml does, and leaves timestamps and sexagesimals as strings', async () => {
    const parsed = await parseManifestFile('m.yaml', configMap('  a: 2024-01-02\n  b: 1:30\n'));
    expect(parsed.objects[0]?.body.data).toEqual({ a: '2024-01-02', b: '1:30' });
    const spec = await parseManifestFile(
      'p.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  hostNetwork: yes\n  containers:\n    - name: a\n      image: a:1\n      ports: [{containerPort: 017620}]\n',
    );
    const body = spec.objects[0]?.body as {
      spec: { hostNetwork: unknown; containers: { ports: unknown[] }[] };
    };
    expect(body.spec.hostNetwork).toBe(true);
    expect(body.spec.containers[0]?.ports).toEqual([{ containerPort: 8080 }]);
  });

  it('applies the items of a kind: List', async () => {
    const parsed = await parseManifestFile(
      'l.yaml',
      `apiVersion: v1\nkind: List\nitems:\n  - ${configMap('    a: "1"').replaceAll('\n', '\n    ')}\n`,
    );
    expect(parsed.objects.map((o) => o.name)).toEqual(['c']);
  });

  it('refuses a kustomization, saying that CI does not follow it', async () => {
    const dir = await solutionWith({
      'manifests/kustomization.yaml': 'resources: [checkout-api.yaml]\nimages: [{name: x, newTag: "1"}]\n',
    });
    const result = await gradeWorkspace(dir);
    expect(failedIds(result)).toEqual(['manifests-valid']);
    expect(result.diagnostics?.[0]?.message).toContain('not `-k`');
  });

  it('applies a manifest kept in a hidden folder, as kubectl --recursive does', async () => {
    const starter = await readFile(path.join(challengeDir, 'starter/manifests/checkout-api.yaml'), 'utf8');
    const dir = await solutionWith({ 'manifests/zz/.old/checkout-api.yaml': starter });
    const result = await gradeWorkspace(dir);
    expect(failedIds(result)).toEqual(expect.arrayContaining(['manifests-valid', 'image-rolled-back']));
  });
});
