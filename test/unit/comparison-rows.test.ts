import { describe, expect, it } from 'vitest';
import { visibleRows } from '../../client/src/comparison/rows.ts';
import type { Comparison, ComparisonCandidate } from '../../server/contract/staff.ts';

const candidate = (name: string, iac: number | null, level: ComparisonCandidate['level']['level']) =>
  ({
    attemptId: name,
    candidateName: name,
    candidateEmail: `${name.toLowerCase()}@example.com`,
    status: iac === null ? 'invited' : 'graded',
    auto: { iac: { score: iac, checkCount: iac === null ? 0 : 3, graderErrorChecks: 0 } },
    manual: { iac: { mean: null, count: 0, spread: null } },
    reviewCount: 0,
    recommendations: { strong_no: 0, no: 0, yes: 0, strong_yes: 0 },
    level: { level, points: level === null ? null : 2, provisional: true, reasons: [] },
    percentiles: { dimensions: {}, challenges: {} },
    calibrated: {},
  }) satisfies ComparisonCandidate;

const comparison: Comparison = {
  assessment: { id: 'a', title: 'A', challengeSlugs: ['x'], timeLimitMinutes: 30, attemptCount: 3 },
  dimensions: [{ id: 'iac', title: 'Infrastructure as code' }],
  candidates: [candidate('Bo', 40, 'mid'), candidate('Al', null, null), candidate('Cy', 90, 'senior')],
  challenges: [{ slug: 'x', title: 'X' }],
  reviewers: [],
};
const all = { text: '', status: 'all', minLevel: 'any' } as const;
const names = (rows: ComparisonCandidate[]) => rows.map((r) => r.candidateName);

describe('comparison rows', () => {
  it('sorts by a dimension either way and keeps unscored candidates last', () => {
    expect(names(visibleRows(comparison, { key: 'auto:iac', descending: true }, all))).toEqual([
      'Cy',
      'Bo',
      'Al',
    ]);
    expect(names(visibleRows(comparison, { key: 'auto:iac', descending: false }, all))).toEqual([
      'Bo',
      'Cy',
      'Al',
    ]);
    expect(names(visibleRows(comparison, { key: 'candidate', descending: false }, all))).toEqual([
      'Al',
      'Bo',
      'Cy',
    ]);
  });

  it('filters by name or email, status and minimum level', () => {
    const sort = { key: 'candidate', descending: false } as const;
    expect(names(visibleRows(comparison, sort, { ...all, text: 'CY@' }))).toEqual(['Cy']);
    expect(names(visibleRows(comparison, sort, { ...all, status: 'invited' }))).toEqual(['Al']);
    expect(names(visibleRows(comparison, sort, { ...all, minLevel: 'mid' }))).toEqual(['Bo', 'Cy']);
    expect(names(visibleRows(comparison, sort, { ...all, minLevel: 'senior' }))).toEqual(['Cy']);
  });
});
