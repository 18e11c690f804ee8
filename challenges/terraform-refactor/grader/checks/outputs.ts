import { bodyView } from '../../../_lib/hcl/blocks.ts';
import { outcome, share } from '../../../_lib/hcl/check.ts';
import type { ResourceInstance } from '../../../_lib/hcl/module-instance.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { deepUnknown, isList, isObject, isUnknown, reasonOf } from '../../../_lib/hcl/values.ts';
import type { Check } from '../context.ts';
import { ASSETS_ADDRESS, ASSETS_NAME } from '../live-state.ts';
import { whereBlock } from '../where.ts';

/**
 * R10. The root module's outputs, evaluated as `terraform output` would show them, together expose
 * every web server instance (a value derived from each one: an id, an address) and the name of the
 * assets bucket (its `bucket` argument, or a value derived from the bucket such as its id); every output has
 * a description. A third of the score each. An output of one server out of three exposes one; a
 * whole module instance exposes what it holds.
 */
export const outputsCheck: Check = {
  id: 'outputs-exposed',
  judge(grading) {
    const outputs = [...grading.root.outputs];
    if (outputs.length === 0) return outcome(0, 'The root module has no outputs.');
    const inventory = grading.inventory();
    const values = outputs.map(([name]) => inventory.root.output(name));
    const origins = new Set(values.flatMap(originsOf));
    const known = new Set(values.flatMap(knownStrings));
    const servers = inventory.resources.filter((r) => r.type === 'aws_instance');
    const buckets = assetsBuckets(inventory.resources.filter((r) => r.type === 'aws_s3_bucket'));
    const exposed = (address: string) =>
      origins.has(address) || [...origins].some((o) => address.startsWith(`${o}.`));
    const hiddenServers = servers.filter((s) => !exposed(s.address));
    const hiddenBuckets = buckets.filter((b) => {
      const name = bodyView(b.block.body, b.scope).get('bucket');
      return !exposed(b.address) && !(typeof name === 'string' && known.has(name));
    });
    const undescribed = outputs.filter(
      ([, { body }]) => !(typeof body.description === 'string' && body.description.trim()),
    );
    const unevaluated = outputs.flatMap(([name, { file }], i) => {
      const problem = deepUnknown(values[i] ?? null);
      return problem && reasonOf(problem) !== 'computed'
        ? [
            `${whereBlock(grading, file, 'output', [name])}: output "${name}" cannot be evaluated (${problem.detail})`,
          ]
        : [];
    });
    const findings = [
      ...unevaluated,
      ...(servers.length === 0 ? ['there are no web servers to expose'] : []),
      ...hiddenServers.map((s) => `no output exposes the web server ${s.address} (its id or address)`),
      ...(buckets.length === 0 ? ['there is no bucket to expose'] : []),
      ...hiddenBuckets.map((b) => `no output exposes the name of the bucket ${b.address}`),
      ...undescribed.map(
        ([name, { file }]) =>
          `${whereBlock(grading, file, 'output', [name])}: output "${name}" has no description`,
      ),
    ];
    const score =
      (share(servers.length - hiddenServers.length, servers.length) +
        share(buckets.length - hiddenBuckets.length, buckets.length) +
        share(outputs.length - undescribed.length, outputs.length)) /
      3;
    const message =
      score === 1
        ? 'Outputs expose every web server and the bucket name, each with a description.'
        : 'Outputs are incomplete: the brief wants every web server (ids or addresses) and the bucket name, each described.';
    return outcome(score, message, findings);
  },
};

/**
 * The assets bucket: the one that keeps today's name or address. When none does (state-moved says why),
 * every bucket stands in for it.
 */
function assetsBuckets(buckets: readonly ResourceInstance[]): readonly ResourceInstance[] {
  const assets = buckets.filter(
    (b) => b.address === ASSETS_ADDRESS || bodyView(b.block.body, b.scope).get('bucket') === ASSETS_NAME,
  );
  return assets.length > 0 ? assets : buckets;
}

/** Addresses of the objects a value is derived from (an unknown the grader evaluated, not a failure). */
function originsOf(value: Value): string[] {
  if (isUnknown(value)) return reasonOf(value) === 'computed' ? [...value.origin] : [];
  if (isList(value)) return value.flatMap(originsOf);
  if (isObject(value)) return Object.values(value).flatMap(originsOf);
  return [];
}

function knownStrings(value: Value): string[] {
  if (typeof value === 'string') return [value];
  if (isList(value)) return value.flatMap(knownStrings);
  if (isObject(value)) return Object.values(value).flatMap(knownStrings);
  return [];
}
