import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseCandidateCsv } from '../../server/commands/parse-candidate-csv.ts';
import type { Comparison } from '../../server/contract/staff.ts';
import { HttpError } from '../../server/errors.ts';
import { comparisonCsv, csvCell } from '../../server/presenters/comparison-csv.ts';

describe('CSV export', () => {
  it("defuses formulas: a cell starting with = + - @ gets a leading '", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('Ada Lovelace')).toBe('Ada Lovelace');
  });

  it('quotes commas, quotes and line breaks, and leaves numbers and blanks plain', () => {
    expect(csvCell('Smith, "Jo"')).toBe('"Smith, ""Jo"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(87.5)).toBe('87.5');
    expect(csvCell(null)).toBe('');
  });

  it('writes one line per candidate that a CSV reader reads back to the same figures', () => {
    const comparison: Comparison = {
      assessment: { id: 'a', title: 'T', challengeSlugs: ['x'], timeLimitMinutes: 30, attemptCount: 1 },
      dimensions: [{ id: 'iac', title: 'Infrastructure as code' }],
      candidates: [
        {
          attemptId: 't',
          candidateName: '=cmd|calc',
          candidateEmail: 'a@example.com',
          status: 'graded',
          auto: { iac: { score: 62.5, checkCount: 4, graderErrorChecks: 1 } },
          manual: { iac: { mean: 3, count: 2, spread: 1 } },
          reviewCount: 2,
          recommendations: { strong_no: 0, no: 1, yes: 1, strong_yes: 0 },
          level: { level: 'senior', points: 2.69, provisional: false, reasons: [] },
          percentiles: {
            dimensions: { iac: { percentile: 62.5, cohort: 4, provisional: true } },
            challenges: { x: { score: 70, percentile: 87.5, cohort: 31, provisional: false } },
          },
          calibrated: { iac: 2.75 },
        },
      ],
      challenges: [{ slug: 'x', title: 'Ex' }],
      reviewers: [],
    };
    const [header, row] = parse(comparisonCsv(comparison)) as string[][];
    expect(header).toContain('Infrastructure as code auto');
    const cell = (name: string) => row?.[header?.indexOf(name) ?? -1];
    expect(cell('candidate')).toBe("'=cmd|calc");
    expect(cell('Infrastructure as code auto')).toBe('62.5');
    expect(cell('Infrastructure as code grader-error checks')).toBe('1');
    expect(cell('Infrastructure as code spread')).toBe('1');
    expect(cell('level')).toBe('senior');
    // The figures of #17 come after the older columns, so sheets built on those keep working.
    expect(header?.indexOf('Infrastructure as code percentile')).toBeGreaterThan(
      header?.indexOf('provisional') ?? 0,
    );
    expect(cell('Infrastructure as code percentile')).toBe('62.5');
    expect(cell('Infrastructure as code cohort')).toBe('4');
    expect(cell('Infrastructure as code percentile provisional')).toBe('yes');
    expect(cell('Infrastructure as code interviewers calibrated')).toBe('2.75');
    expect(cell('Ex score')).toBe('70');
    expect(cell('Ex percentile')).toBe('87.5');
    expect(cell('Ex cohort')).toBe('31');
    expect(cell('Ex percentile provisional')).toBe('no');
  });
});

describe('CSV invitations', () => {
  it('reads name and email with or without a header, in any column order', () => {
    expect(parseCandidateCsv('Ada,ada@example.com\nBob , BOB@Example.com\n')).toEqual([
      { candidateName: 'Ada', candidateEmail: 'ada@example.com', source: 'csv line 1' },
      { candidateName: 'Bob', candidateEmail: 'bob@example.com', source: 'csv line 2' },
    ]);
    expect(parseCandidateCsv('\uFEFFemail,name\n\n"c@example.com","Lovelace, Ada"')).toEqual([
      { candidateName: 'Lovelace, Ada', candidateEmail: 'c@example.com', source: 'csv line 3' },
    ]);
  });

  it('refuses a bad line and names its number and field', () => {
    const attempt = () => parseCandidateCsv('name,email\nAda,ada@example.com\nBob,not-an-email');
    expect(attempt).toThrow(HttpError);
    expect(attempt).toThrow(/^csv line 3: candidateEmail: must be an email address/);
    expect(() => parseCandidateCsv('name,email\n')).toThrow(/lists no candidate/);
    expect(() => parseCandidateCsv('"unclosed,ada@example.com')).toThrow(/^csv: /);
  });
});
