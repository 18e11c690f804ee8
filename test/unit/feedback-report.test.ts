import { describe, expect, it } from 'vitest';
import type { ChallengeManifest, Rubric } from '../../server/challenges/schema.ts';
import { buildFeedbackReport } from '../../server/feedback/report.ts';
import type { StoredCheckResult } from '../../server/scoring/types.ts';

const level = (n: number) => `level ${n} of`;
const rubric: Rubric = {
  dimensions: (['architecture', 'iac', 'cicd', 'security', 'operations'] as const).map((id) => ({
    id,
    title: `${id} title`,
    description: `${id} description`,
    levels: {
      1: `${level(1)} ${id}`,
      2: `${level(2)} ${id}`,
      3: `${level(3)} ${id}`,
      4: `${level(4)} ${id}`,
    },
  })),
};

// Only the fields the builder reads; the rest of a manifest does not matter to it.
const manifest = {
  slug: 'demo',
  title: 'Demo challenge',
  requirements: [
    { id: 'R1', text: 'First' },
    { id: 'R2', text: 'Second' },
    { id: 'R3', text: 'Third' },
  ],
  checks: [
    { id: 'seen', title: 'Seen check', dimension: 'iac', weight: 1, visible: true, covers: ['R1'] },
    { id: 'secret', title: 'Secret check', dimension: 'security', weight: 1, visible: false, covers: ['R2'] },
    {
      id: 'later-hidden',
      title: 'Later hidden',
      dimension: 'cicd',
      weight: 1,
      visible: false,
      covers: ['R3'],
    },
    {
      id: 'stored-hidden',
      title: 'Stored hidden',
      dimension: 'operations',
      weight: 1,
      visible: true,
      covers: ['R3'],
    },
  ],
} as unknown as ChallengeManifest;

const result = (id: string, over: Partial<StoredCheckResult> = {}): StoredCheckResult => ({
  id,
  title: `stored title of ${id}`,
  dimension: 'iac',
  weight: 1,
  visible: true,
  covers: ['R1'],
  passed: true,
  score: 1,
  message: `message of ${id}`,
  evidence: [`evidence of ${id}`],
  ...over,
});

describe('buildFeedbackReport', () => {
  it('takes a check only when the manifest declares it visible and the result was stored visible', () => {
    const report = buildFeedbackReport(
      'Assessment',
      [
        {
          slug: 'demo',
          manifest,
          submission: {
            status: 'done',
            checks: [
              // an extra field a grader or a later version might add never passes through
              { ...result('seen'), secretNote: 'EXTRA' } as StoredCheckResult,
              result('secret', { visible: false, passed: false, message: 'HIDDEN' }),
              // declared hidden now, stored as visible when the package said otherwise
              result('later-hidden', { passed: false, message: 'DRIFTED', covers: ['R3'] }),
              // declared visible now, stored as hidden
              result('stored-hidden', { visible: false, message: 'WASHIDDEN', covers: ['R3'] }),
              // a result for no declared check
              result('undeclared', { passed: false, message: 'UNDECLARED' }),
            ],
          },
        },
      ],
      rubric,
    );
    const text = JSON.stringify(report);
    for (const leak of [
      'EXTRA',
      'HIDDEN',
      'DRIFTED',
      'WASHIDDEN',
      'UNDECLARED',
      'evidence of',
      'stored title',
    ])
      expect(text).not.toContain(leak);
    expect(report.challenges[0]?.requirements).toEqual([
      {
        id: 'R1',
        text: 'First',
        verdict: 'met',
        checks: [{ title: 'Seen check', passed: true, message: 'message of seen' }],
      },
      { id: 'R2', text: 'Second', verdict: 'not_shown', checks: [] },
      { id: 'R3', text: 'Third', verdict: 'not_shown', checks: [] },
    ]);
    // Only the dimension a shown check assesses, with its four levels in order.
    expect(report.dimensions).toEqual([
      {
        id: 'iac',
        title: 'iac title',
        description: 'iac description',
        levels: [
          { level: 1, name: 'junior', description: 'level 1 of iac' },
          { level: 2, name: 'mid', description: 'level 2 of iac' },
          { level: 3, name: 'senior', description: 'level 3 of iac' },
          { level: 4, name: 'staff', description: 'level 4 of iac' },
        ],
      },
    ]);
  });

  it('says "not met" when one shown check of a requirement failed', () => {
    const report = buildFeedbackReport(
      'Assessment',
      [
        {
          slug: 'demo',
          manifest,
          submission: { status: 'done', checks: [result('seen', { passed: false })] },
        },
      ],
      rubric,
    );
    expect(report.challenges[0]?.requirements[0]?.verdict).toBe('not_met');
  });

  it('reports nothing of a failed grading, a missing submission or a package that is gone', () => {
    const report = buildFeedbackReport(
      'Assessment',
      [
        { slug: 'demo', manifest, submission: { status: 'error', checks: null } },
        { slug: 'demo', manifest, submission: undefined },
        { slug: 'gone', manifest: undefined, submission: { status: 'done', checks: [result('seen')] } },
      ],
      rubric,
    );
    expect(report.challenges.map((c) => [c.title, c.outcome, c.requirements.length])).toEqual([
      ['Demo challenge', 'not_graded', 0],
      ['Demo challenge', 'not_submitted', 0],
      ['gone', 'not_graded', 0],
    ]);
    expect(report.dimensions).toEqual([]);
  });
});
