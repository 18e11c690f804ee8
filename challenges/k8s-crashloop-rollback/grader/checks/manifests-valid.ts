import type { Check } from '../check.ts';
import { outcome } from '../check.ts';

/**
 * R10. Every object must be one the API server accepts (its kind's schema, a served apiVersion, a
 * name), and no object may be declared twice: kubectl applies both and the later one silently wins,
 * so the file a reviewer reads is not what runs.
 */
export const manifestsValidCheck: Check = {
  id: 'manifests-valid',
  judge({ workspace, cluster }) {
    const problems = [
      ...workspace.rejected.map((d) => `${d.file} line ${d.line}: ${d.message}`),
      ...cluster.duplicates.map(
        (d) =>
          `${d.identity} is declared ${d.places.length} times (${d.places.join(', ')}); the last one wins`,
      ),
    ];
    if (workspace.objects.length === 0 && problems.length === 0) {
      return outcome(0, 'No Kubernetes objects found: CI would apply nothing.');
    }
    if (problems.length === 0) return outcome(1, 'Every object is valid for its kind and declared once.');
    const rejected = workspace.rejected.length;
    const message =
      rejected > 0
        ? `The API server would refuse ${rejected === 1 ? 'an object' : `${rejected} objects`}, so CI's apply fails and ${rejected === 1 ? 'it is' : 'they are'} not applied: ${problems[0]}.`
        : `An object is declared more than once, so the file a reviewer reads is not what runs: ${problems[0]}.`;
    return outcome(0, message, problems);
  },
};
