import type { Comparison } from '../contract/staff.ts';

/**
 * One CSV cell: quoted when it holds a comma, quote or line break (quotes doubled), and a text
 * starting with = + - @ (or a tab or carriage return) gets a leading ' so no spreadsheet runs it
 * as a formula.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The comparison's numbers as CSV, one line per candidate, the same figures the page shows. The
 * percentiles and calibrated means come after the older columns, so sheets built on those still work.
 */
export function comparisonCsv(comparison: Comparison): string {
  const header = ['candidate', 'email', 'status'];
  for (const d of comparison.dimensions) {
    header.push(
      `${d.title} auto`,
      `${d.title} checks`,
      `${d.title} grader-error checks`,
      `${d.title} interviewers`,
      `${d.title} ratings`,
      `${d.title} spread`,
    );
  }
  header.push('reviews', 'strong no', 'no', 'yes', 'strong yes', 'level', 'level points', 'provisional');
  for (const d of comparison.dimensions) {
    header.push(
      `${d.title} percentile`,
      `${d.title} cohort`,
      `${d.title} percentile provisional`,
      `${d.title} interviewers calibrated`,
    );
  }
  for (const c of comparison.challenges) {
    header.push(
      `${c.title} score`,
      `${c.title} percentile`,
      `${c.title} cohort`,
      `${c.title} percentile provisional`,
    );
  }
  const lines = [header.map(csvCell).join(',')];
  for (const c of comparison.candidates) {
    const cells: (string | number | null)[] = [c.candidateName, c.candidateEmail, c.status];
    for (const d of comparison.dimensions) {
      const auto = c.auto[d.id];
      const manual = c.manual[d.id];
      cells.push(
        auto?.score ?? null,
        auto?.checkCount ?? 0,
        auto?.graderErrorChecks ?? 0,
        manual?.mean ?? null,
        manual?.count ?? 0,
        manual?.spread ?? null,
      );
    }
    cells.push(
      c.reviewCount,
      c.recommendations.strong_no,
      c.recommendations.no,
      c.recommendations.yes,
      c.recommendations.strong_yes,
      c.level.level,
      c.level.points,
      c.level.provisional ? 'yes' : 'no',
    );
    const yesNo = (p: { provisional: boolean } | undefined) => (p ? (p.provisional ? 'yes' : 'no') : null);
    for (const d of comparison.dimensions) {
      const p = c.percentiles.dimensions[d.id];
      cells.push(p?.percentile ?? null, p?.cohort ?? null, yesNo(p), c.calibrated[d.id] ?? null);
    }
    for (const challenge of comparison.challenges) {
      const p = c.percentiles.challenges[challenge.slug];
      cells.push(p?.score ?? null, p?.percentile ?? null, p?.cohort ?? null, yesNo(p));
    }
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
