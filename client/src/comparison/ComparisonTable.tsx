import type { Comparison, ComparisonCandidate } from '../../../server/contract/staff.ts';
import { Link } from '../router.tsx';
import { formatRating, formatScore, RECOMMENDATION_LABELS } from '../staff/labels.ts';
import { formatPercentile, percentileTitle } from './figures.ts';
import type { Sort, SortKey } from './rows.ts';
import './ComparisonTable.css';
import { VariantLabel } from '../staff/VariantLabel.tsx';

function SortButton({
  label,
  sortKey,
  sort,
  onSort,
}: {
  label: string;
  sortKey: SortKey;
  sort: Sort;
  onSort: (key: SortKey) => void;
}) {
  const active = sort.key === sortKey;
  return (
    <button
      type="button"
      className="sort-button"
      onClick={() => onSort(sortKey)}
      aria-label={`Sort by ${label}`}
      data-testid={`sort-${sortKey}`}
    >
      {label} {active ? (sort.descending ? '▼' : '▲') : ''}
    </button>
  );
}

const recommendations = (c: ComparisonCandidate): string =>
  (Object.entries(c.recommendations) as [keyof typeof RECOMMENDATION_LABELS, number][])
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${n}× ${RECOMMENDATION_LABELS[r]}`)
    .join(', ') || '—';

/** Candidates × dimensions, the auto score and the interviewers' mean side by side in each. */
export function ComparisonTable({
  comparison,
  rows,
  sort,
  onSort,
  selected,
  onToggle,
}: {
  comparison: Comparison;
  rows: readonly ComparisonCandidate[];
  sort: Sort;
  onSort: (key: SortKey) => void;
  selected: ReadonlySet<string>;
  onToggle: (attemptId: string) => void;
}) {
  return (
    <div className="attempts-table-wrap">
      <table className="attempts-table comparison-table">
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              <span className="visually-hidden">Overlay</span>
            </th>
            <th scope="col" rowSpan={2}>
              <SortButton label="Candidate" sortKey="candidate" sort={sort} onSort={onSort} />
            </th>
            <th scope="col" rowSpan={2}>
              <SortButton label="Status" sortKey="status" sort={sort} onSort={onSort} />
            </th>
            {comparison.dimensions.map((d) => (
              <th scope="colgroup" colSpan={2} key={d.id} className="dimension-heading">
                {d.title}
              </th>
            ))}
            <th scope="col" rowSpan={2}>
              Challenges
            </th>
            <th scope="col" rowSpan={2}>
              <SortButton label="Level" sortKey="level" sort={sort} onSort={onSort} />
            </th>
            <th scope="col" rowSpan={2}>
              <SortButton label="Reviews" sortKey="reviews" sort={sort} onSort={onSort} />
            </th>
          </tr>
          <tr>
            {comparison.dimensions.flatMap((d) => [
              <th scope="col" key={`${d.id}-auto`} className="score-heading">
                <SortButton label="auto" sortKey={`auto:${d.id}`} sort={sort} onSort={onSort} />
              </th>,
              <th scope="col" key={`${d.id}-manual`} className="score-heading">
                <SortButton label="1-4" sortKey={`manual:${d.id}`} sort={sort} onSort={onSort} />
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.attemptId} data-testid="comparison-row" data-attempt-id={c.attemptId}>
              <td>
                <input
                  type="checkbox"
                  checked={selected.has(c.attemptId)}
                  onChange={() => onToggle(c.attemptId)}
                  aria-label={`Overlay ${c.candidateName}`}
                  data-testid="overlay-toggle"
                />
              </td>
              <th scope="row" className="candidate-cell">
                <Link
                  href={`/staff/attempts/${c.attemptId}`}
                  className="candidate-name"
                  data-testid="candidate-name"
                >
                  {c.candidateName}
                </Link>
                <span className="candidate-email">{c.candidateEmail}</span>
                {c.variants?.map((label) => (
                  <VariantLabel key={label} label={label} />
                ))}
              </th>
              <td>
                <span className={`attempt-status attempt-status-${c.status}`}>{c.status}</span>
              </td>
              {comparison.dimensions.flatMap((d) => {
                const auto = c.auto[d.id];
                const manual = c.manual[d.id];
                const percentile = c.percentiles.dimensions[d.id];
                const calibrated = c.calibrated[d.id];
                return [
                  <td key={`${d.id}-auto`} className="score-cell">
                    <span data-testid={`auto-${d.id}`}>{formatScore(auto?.score)}</span>
                    {auto && auto.checkCount > 0 && (
                      <span className="score-checks">{auto.checkCount} checks</span>
                    )}
                    {percentile && (
                      <span
                        className="score-checks"
                        title={percentileTitle(percentile)}
                        data-testid={`percentile-${d.id}`}
                      >
                        {formatPercentile(percentile)}
                        {percentile.provisional && ' (provisional)'}
                      </span>
                    )}
                    {auto && auto.graderErrorChecks > 0 && (
                      <span className="score-errors" title="Checks a grader error left unjudged">
                        {auto.graderErrorChecks} grader error
                      </span>
                    )}
                  </td>,
                  <td key={`${d.id}-manual`} className="score-cell manual-cell">
                    <span data-testid={`manual-${d.id}`}>{formatRating(manual?.mean)}</span>
                    {manual?.spread !== null && manual?.spread !== undefined && (
                      <span className="score-checks">spread {manual.spread}</span>
                    )}
                    {calibrated !== null && calibrated !== undefined && (
                      <span
                        className="score-checks"
                        title="Each rating less its interviewer's offset from the panel"
                        data-testid={`calibrated-${d.id}`}
                      >
                        calibrated {formatRating(calibrated)}
                      </span>
                    )}
                  </td>,
                ];
              })}
              <td className="challenge-percentiles">
                {comparison.challenges.map((challenge) => {
                  const p = c.percentiles.challenges[challenge.slug];
                  return (
                    p && (
                      <span
                        key={challenge.slug}
                        className="score-checks"
                        title={percentileTitle(p)}
                        data-testid={`challenge-percentile-${challenge.slug}`}
                      >
                        {challenge.title}: {formatScore(p.score)} · {formatPercentile(p)}
                        {p.provisional && ' (provisional)'}
                      </span>
                    )
                  );
                })}
              </td>
              <td>
                <span className="level-name" data-testid="level">
                  {c.level.level ?? '—'}
                </span>
                {c.level.provisional && c.level.level !== null && (
                  <span className="score-checks">provisional</span>
                )}
                <span className="score-checks" title={c.level.reasons.join('\n')}>
                  {c.level.points !== null ? `${c.level.points} of 4` : ''}
                </span>
              </td>
              <td>
                <span data-testid="recommendations">{recommendations(c)}</span>
                <Link href={`/staff/attempts/${c.attemptId}/report`} className="report-link">
                  Report
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
