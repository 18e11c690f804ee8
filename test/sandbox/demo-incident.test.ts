import { describe, expect, it } from 'vitest';
import { incidentRecording } from '../../server/demo/incident-recording.ts';
import { INCIDENT_SLUG } from '../../server/demo/incident-session.ts';
import { judgeRecorded } from '../../server/demo/verdicts.ts';
import { runLiveChecks } from '../../server/live/checks.ts';
import type { GradingOutcome } from '../../server/scoring/types.ts';
import { createInvitation } from '../support/factories.ts';
import { candidateInEnvironment, setUpLivePlatform, TestTerminal } from '../support/live.ts';

/**
 * The demo's on-call candidate was recorded once from a real bad-gateway environment
 * (server/demo/incident-recording.json), so `npm start` seeds her without Docker. This keeps the
 * recording true: her keystrokes are typed again into a fresh environment through the real
 * terminal, and at each of her check runs and her submission the real checks must give the verdict
 * recorded for it. When the challenge changes, this fails until `node server/demo/record-incident.ts`
 * is run again.
 */
const live = setUpLivePlatform([INCIDENT_SLUG]);
const PROMPT = /sre@web-1:[^\n]*\$ $/;

const verdicts = (outcome: GradingOutcome | undefined) => {
  if (outcome?.kind !== 'judged') throw new Error(`not judged: ${JSON.stringify(outcome)}`);
  return outcome.checks.map((c) => [c.id, c.passed, c.score, c.message]);
};

describe('the demo’s recorded on-call session', () => {
  it('gets the recorded verdict at every check run when her keystrokes are typed into a fresh environment', {
    timeout: 240_000,
  }, async () => {
    const recording = incidentRecording();
    const challenge = live.app.catalogue.challenges.get(INCIDENT_SLUG);
    if (!challenge) throw new Error(`${INCIDENT_SLUG} is missing`);
    const { attemptId, token } = await createInvitation(live.database.db, live.org);
    const { client, key } = await candidateInEnvironment(live.app, token, attemptId, INCIDENT_SLUG);
    const terminal = await TestTerminal.open(live.app, client, INCIDENT_SLUG);
    await terminal.waitFor(PROMPT);
    let graded = 0;
    for (const step of recording.steps) {
      if (step.kind === 'terminal') {
        const typed = step.chunks.filter((c) => c.stream === 'input').map((c) => c.data);
        for (const stroke of typed.join('')) {
          if (stroke !== '\r') {
            terminal.type(stroke);
            continue;
          }
          // Each command runs to its end before the next is typed, as it did when recorded.
          terminal.clear();
          terminal.type(stroke);
          await terminal.waitFor(PROMPT);
        }
      } else if (step.kind === 'run' || step.kind === 'submit') {
        if (!step.verdict) throw new Error(`the recording's ${step.kind} at ${step.atMs} ms has no verdict`);
        const today = await runLiveChecks({
          environments: live.app.environments,
          challenge,
          files: step.files,
          key,
        });
        expect(verdicts(today), `${step.kind} at ${Math.round(step.atMs / 1000)} s`).toEqual(
          verdicts(judgeRecorded(challenge, step.verdict)),
        );
        graded += 1;
      }
    }
    terminal.close();
    expect(graded).toBeGreaterThanOrEqual(3);
  });
});
