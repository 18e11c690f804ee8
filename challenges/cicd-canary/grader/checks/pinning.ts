import type { Check } from '../check.ts';
import { outcome, shareOrAll } from '../check.ts';
import { lineOf } from '../tokens.ts';

const COMMIT = /^[0-9a-f]{40}$/i;
const IMAGE_DIGEST = /@sha256:[0-9a-f]{64}$/i;

/**
 * R7. Every action and reusable workflow from another repository is referenced by a full commit SHA
 * (a tag or branch can be moved to other code); a `docker://` image by its sha256 digest. Local
 * references (`./…`) are part of this repository; the steps of local composite actions count too.
 * Partial credit per reference.
 */
export const pinningCheck: Check = {
  id: 'actions-pinned-by-sha',
  judge(grading) {
    if (grading.missing) return outcome(0, grading.missing);
    let total = 0;
    const findings: string[] = [];
    for (const workflow of grading.workflows) {
      for (const job of workflow.jobs) {
        const references =
          job.job.type === 'reusableWorkflowJob'
            ? [{ uses: job.job.ref.value, line: job.line }]
            : job.steps.flatMap((s) =>
                'uses' in s.step ? [{ uses: s.step.uses.value, line: lineOf(s.step.uses) }] : [],
              );
        for (const { uses, line } of references) {
          if (uses.startsWith('./') || uses.startsWith('.\\')) continue;
          total++;
          if (!isPinned(uses)) findings.push(`${workflow.file} line ${line}: ${uses}`);
        }
      }
    }
    for (const action of grading.actions.values()) {
      for (const { step } of action.steps) {
        if (!('uses' in step) || step.uses.value.startsWith('./')) continue;
        total++;
        if (!isPinned(step.uses.value)) {
          findings.push(`${action.file} line ${lineOf(step.uses)}: ${step.uses.value}`);
        }
      }
    }
    const score = shareOrAll(total - findings.length, total);
    const message =
      score === 1
        ? 'Every action from another repository is pinned to a full commit SHA.'
        : `${findings.length} of ${total} action reference(s) are not pinned to a full 40-character commit SHA.`;
    return outcome(score, message, findings);
  },
};

function isPinned(uses: string): boolean {
  if (uses.startsWith('docker://')) return IMAGE_DIGEST.test(uses);
  const at = uses.lastIndexOf('@');
  return at > 0 && COMMIT.test(uses.slice(at + 1));
}
