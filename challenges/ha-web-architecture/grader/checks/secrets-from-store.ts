import type { Finding } from '../../../_lib/grader-kit/findings.ts';
import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import type { Node } from '../graph.ts';
import { isCompute, reach } from '../graph.ts';
import { judgeFindings } from './findings.ts';

/**
 * R7. Every compute tier that talks to a database or a cache (a request path to it through no other
 * compute) reads its credentials from a secret store: it has an edge to a secrets component of its own
 * region, or a global one, so losing the other region does not take its credentials away. Partial
 * credit: the share of such tiers.
 */
export const secretsFromStoreCheck: Check = {
  id: 'secrets-from-store',
  judge: ({ graph, at }) => {
    const findings: Finding[] = [];
    for (const node of graph.nodes.values()) {
      if (!isCompute(node)) continue;
      const talks = [...reach(graph, [node.component.id], 'request', (n) => !isCompute(n))]
        .map((id) => graph.nodes.get(id))
        .filter((n): n is Node => n !== undefined && (n.entry.kind === 'sql' || n.entry.kind === 'cache'));
      if (talks.length === 0) continue;
      const stores = graph
        .out(node.component.id)
        .map((e) => graph.nodes.get(e.to))
        .filter((n) => n?.entry.kind === 'secrets');
      const near = stores.filter(
        (s) => s?.entry.scope === 'global' || s?.component.region === node.component.region,
      );
      const databases = talks.map((n) => n.component.id).join(', ');
      findings.push({
        ok: near.length > 0,
        text:
          near.length > 0
            ? `${at(node)} reads its credentials for ${databases} from ${near.map((s) => s?.component.id).join(', ')} (R7)`
            : stores.length > 0
              ? `${at(node)} reads its credentials for ${databases} from ${stores.map((s) => s?.component.id).join(', ')}, in another region: losing that region takes them away (R7)`
              : `${at(node)} talks to ${databases} with no edge to a secret store, so its credentials live in its image or configuration (R7)`,
      });
    }
    if (findings.length === 0)
      return outcome(0, 'No compute talks to a database or a cache, so no credentials to judge (R1, R7).');
    return judgeFindings(
      findings,
      'Every compute tier that talks to a database gets its credentials from a secret store in its region (R7).',
      'A compute tier talks to a database without credentials from a secret store (R7).',
    );
  },
};
