import { beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/index.ts';
import type { Challenge } from '../../server/challenges/load.ts';
import { runGrader } from '../../server/grading/run-grader.ts';
import { requireDocker } from '../support/docker.ts';
import { loadProbe } from '../support/probe.ts';

let sandbox: Sandbox;
let challenge: Challenge;

beforeAll(async () => {
  sandbox = createSandbox({ docker: await requireDocker() });
  challenge = await loadProbe();
});

const grade = (mode: string) =>
  runGrader({ sandbox, challenge, files: [{ path: 'mode.txt', content: mode }] });

describe('the grader contract, through the real sandbox', () => {
  it('turns a well-formed verdict into weighted check results', async () => {
    const outcome = await grade('ok');
    expect(outcome).toMatchObject({ kind: 'judged', score: 100 });
    const partial = await grade('something-else');
    expect(partial).toMatchObject({ kind: 'judged', score: 62.5 });
  });

  it.each([
    ['missing-check', /missing secret-kept/],
    ['unknown-check', /unknown made-up/],
    ['not-json', /not JSON/],
    ['crash', /without a verdict: .*grader bug/s],
    ['hang', /past its 3 s limit/],
  ])('reports a grader that answers %s as a grader error', async (mode, message) => {
    const outcome = await grade(mode);
    expect(outcome.kind).toBe('grader_error');
    expect(outcome.kind === 'grader_error' && outcome.error).toMatch(message);
  });

  // Attack: submitted text that imitates a verdict line. The marker is random per run, so it is ignored.
  it('ignores verdict-like lines that do not carry the run marker', async () => {
    const outcome = await grade('forge');
    expect(outcome.kind).toBe('judged');
    expect(outcome.kind === 'judged' && outcome.score).toBe(62.5);
  });
});
