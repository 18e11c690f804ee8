import { beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/index.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { demoCandidates } from '../../server/demo/candidates.ts';
import type { SessionStep } from '../../server/demo/session.ts';
import { recordedOutcome } from '../../server/demo/verdicts.ts';
import { runGrader } from '../../server/grading/run-grader.ts';
import { requireDocker } from '../support/docker.ts';

/**
 * The demo stores the real grader's recorded verdicts (server/demo/verdicts.json) so `npm start`
 * needs no sandbox to seed it. This keeps them honest: every file set a demo candidate checks or
 * submits is graded again through the real sandbox, and must get the verdict recorded for it.
 * When a grader changes, this fails until `node server/demo/record-verdicts.ts` is run again.
 */
const catalogue = await loadCatalogue();
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = createSandbox({ docker: await requireDocker() });
});

const gradedSteps = demoCandidates(catalogue).flatMap(({ slug, candidates }) =>
  candidates.flatMap((candidate) =>
    candidate.steps
      // A live challenge's steps carry their verdict on the running system (demo-incident.test.ts).
      .filter(
        (step): step is Extract<SessionStep, { kind: 'run' | 'submit' }> =>
          (step.kind === 'run' || step.kind === 'submit') && !step.verdict,
      )
      .map(
        (step) =>
          [`${candidate.name}'s ${step.kind} at ${Math.round(step.atMs / 1000)} s`, slug, step] as const,
      ),
  ),
);

describe('the demo’s recorded verdicts', () => {
  it('cover at least one run and one submission', () => {
    expect(gradedSteps.length).toBeGreaterThanOrEqual(2);
  });

  it.each(gradedSteps)(
    'are what the grader says today: %s',
    { timeout: 120_000 },
    async (_name, slug, step) => {
      const challenge = catalogue.challenges.get(slug);
      if (!challenge) throw new Error(`no challenge ${slug}`);
      const recorded = recordedOutcome(challenge, step.files);
      expect(
        recorded,
        'verdicts.json has no verdict for these files: run server/demo/record-verdicts.ts',
      ).toBeDefined();
      const today = await runGrader({ sandbox, challenge, files: step.files });
      if (today.kind !== 'judged' || recorded?.kind !== 'judged')
        throw new Error(`not judged: ${JSON.stringify(today)}`);
      const verdicts = (outcome: typeof today) =>
        outcome.checks.map((c) => [c.id, c.passed, c.score, c.message]);
      expect(verdicts(recorded)).toEqual(verdicts(today));
    },
  );
});
