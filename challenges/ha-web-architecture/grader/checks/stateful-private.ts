import type { Finding } from '../../../_lib/grader-kit/findings.ts';
import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import type { Node } from '../graph.ts';
import { isCompute, isStateful, reach } from '../graph.ts';
import { judgeFindings } from './findings.ts';

/**
 * R6. Nothing that holds data is reachable from the internet. Every database and cache sits in a
 * private network (stated: unknown is not safe), and so does compute that runs in one (the load
 * balancer is what faces the internet); every bucket states publicAccess false; and no
 * request edge reaches a stateful component before the users' requests have passed through compute,
 * except a CDN reading a private bucket as its origin (origin access control).
 */
export const statefulPrivateCheck: Check = {
  id: 'stateful-private',
  judge: ({ graph, at }) => {
    const findings: Finding[] = [];
    const inNetwork = (node: Node) =>
      node.entry.properties.includes('network') && node.entry.kind !== 'regional-lb';
    const stateful = [...graph.nodes.values()].filter((n) => isStateful(n) || (isCompute(n) && inNetwork(n)));
    for (const node of stateful) {
      const { network, publicAccess } = node.component;
      if (node.entry.kind === 'object-storage') {
        findings.push({
          ok: publicAccess === false,
          text: `${at(node)} ${publicAccess === false ? 'blocks public access' : publicAccess === true ? 'lets anyone on the internet read it' : 'does not state publicAccess false, so it may be public'} (R6)`,
        });
      } else {
        findings.push({
          ok: network === 'private',
          text: `${at(node)} ${network === 'private' ? 'sits in a private network' : network === 'public' ? 'sits in a public network' : 'states no network, so it may be public'} (R6)`,
        });
      }
    }
    // Everything the users reach before any compute handles their requests.
    const front = reach(graph, [graph.internet.component.id], 'request', () => true, isCompute);
    for (const edge of graph.doc.edges) {
      const from = graph.nodes.get(edge.from);
      const to = graph.nodes.get(edge.to);
      if (
        edge.kind !== 'request' ||
        !from ||
        !to ||
        !front.has(edge.from) ||
        isCompute(from) ||
        !isStateful(to)
      )
        continue;
      const cdnOrigin = from.entry.kind === 'cdn' && to.entry.kind === 'object-storage';
      findings.push({
        ok: cdnOrigin,
        text: cdnOrigin
          ? `${at(to)} is read by ${from.component.id} as a CDN origin, not by the users directly (R6)`
          : `request edge ${edge.id} lets the users' requests reach ${at(to)} from ${describe(from)} without passing through compute (R6)`,
      });
    }
    // Compute in a network sits behind a load balancer: the internet, DNS or a CDN straight into it means it faces the internet.
    for (const edge of graph.doc.edges) {
      const from = graph.nodes.get(edge.from);
      const to = graph.nodes.get(edge.to);
      if (edge.kind !== 'request' || !from || !to || !isCompute(to) || !inNetwork(to)) continue;
      if (!['users', 'dns', 'cdn'].includes(from.entry.kind)) continue;
      findings.push({
        ok: false,
        text: `request edge ${edge.id} sends the users' requests from ${describe(from)} straight to ${at(to)}, with no load balancer in front: the compute faces the internet (R6)`,
      });
    }
    if (findings.length === 0) {
      return outcome(0, 'The design holds no data at all, so there is nothing to keep private (R1, R6).');
    }
    return judgeFindings(
      findings,
      'Databases, caches and compute sit in private networks, and nothing that holds data is reachable from the internet (R6).',
      'Something that holds data, or compute meant to sit behind the load balancers, is reachable from the internet (R6).',
    );
  },
};

const describe = (node: Node) => (node.entry.kind === 'users' ? 'the internet' : node.name);
