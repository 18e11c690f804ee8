import { getAttemptReview } from '../api.ts';
import { formatPercentile, percentileTitle } from '../comparison/figures.ts';
import { RadarChart } from '../comparison/RadarChart.tsx';
import { autoOnScale, manualOnScale, seriesColour } from '../comparison/scale.ts';
import { formatDateTime, plural } from '../format.ts';
import { LevelEstimateView } from '../staff/LevelEstimateView.tsx';
import { formatRating, formatScore, RECOMMENDATION_LABELS } from '../staff/labels.ts';
import { StaffFrame } from '../staff/StaffFrame.tsx';
import { useStaffData } from '../staff/useStaffData.ts';
import './ReportPage.css';

/** A one-page printable report of one candidate: scores, ratings, level estimate, recommendations. */
export function ReportPage({ attemptId }: { attemptId: string }) {
  const { state, reload } = useStaffData(attemptId, getAttemptReview);
  return (
    <StaffFrame loaded={state} onRetry={reload} failedTitle="Could not load the report" current={null}>
      {({ data }) => {
        const assessed = data.dimensions.filter((d) => d.assessed);
        const reviews = [...(data.myReview ? [data.myReview] : []), ...data.reviews];
        return (
          <article className="report" data-testid="report">
            <header className="report-head">
              <div>
                <h1>{data.attempt.candidateName}</h1>
                <p>
                  {data.attempt.candidateEmail} · {data.attempt.assessmentTitle} · submitted{' '}
                  {formatDateTime(data.attempt.submittedAt)}
                </p>
              </div>
              <button type="button" className="button report-print" onClick={() => window.print()}>
                Print
              </button>
            </header>
            <div className="report-table-wrap">
              <table className="report-table">
                <thead>
                  <tr>
                    <th scope="col">Dimension</th>
                    <th scope="col">Auto</th>
                    <th scope="col">Checks</th>
                    <th scope="col">Percentile</th>
                    <th scope="col">Interviewers</th>
                    {data.calibration && <th scope="col">Calibrated</th>}
                    <th scope="col">Spread</th>
                  </tr>
                </thead>
                <tbody>
                  {assessed.map((d) => {
                    const auto = data.auto[d.id];
                    const manual = data.manual[d.id];
                    const percentile = data.percentiles.dimensions[d.id];
                    return (
                      <tr key={d.id}>
                        <th scope="row">{d.title}</th>
                        <td data-testid={`report-auto-${d.id}`}>{formatScore(auto?.score)}</td>
                        <td>
                          {auto?.checkCount ?? 0}
                          {(auto?.graderErrorChecks ?? 0) > 0 &&
                            ` (+${auto?.graderErrorChecks} grader error)`}
                        </td>
                        <td
                          data-testid={`report-percentile-${d.id}`}
                          title={percentile && percentileTitle(percentile)}
                        >
                          {formatPercentile(percentile)}
                          {percentile?.provisional && ' (provisional)'}
                        </td>
                        <td>{data.othersVisible ? formatRating(manual?.mean) : 'hidden'}</td>
                        {data.calibration && (
                          <td data-testid={`report-calibrated-${d.id}`}>
                            {formatRating(data.calibration.calibrated[d.id])}
                          </td>
                        )}
                        <td>{manual?.spread ?? '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="report-summary">
              <RadarChart
                axes={assessed}
                size={250}
                title={`${data.attempt.candidateName}: auto and interviewer scores`}
                series={[
                  {
                    name: 'Auto',
                    color: seriesColour(0),
                    values: Object.fromEntries(assessed.map((d) => [d.id, autoOnScale(data.auto[d.id])])),
                  },
                  {
                    name: 'Interviewers',
                    color: seriesColour(1),
                    dashed: true,
                    values: Object.fromEntries(assessed.map((d) => [d.id, manualOnScale(data.manual[d.id])])),
                  },
                ]}
              />
              {data.level && <LevelEstimateView level={data.level} />}
            </div>
            <section className="report-reviews">
              <h2>{plural(reviews.length, 'review')}</h2>
              {reviews.map((r) => (
                <p key={r.id}>
                  <strong>{r.reviewerName}</strong>: {RECOMMENDATION_LABELS[r.recommendation]}
                  {r.summary && ` — ${r.summary}`}
                </p>
              ))}
              {!data.othersVisible && data.otherReviewCount > 0 && (
                <p>{plural(data.otherReviewCount, 'other review')} hidden until you submit yours.</p>
              )}
            </section>
            <section className="report-challenges">
              <h2>Challenges</h2>
              <ul>
                {data.challenges.map((c) => (
                  <li key={c.slug}>
                    {c.title}:{' '}
                    {c.submission === null
                      ? 'not submitted'
                      : c.submission.status === 'error'
                        ? 'grader error (not counted)'
                        : `${formatScore(c.submission.score)} / 100`}
                    {data.percentiles.challenges[c.slug] &&
                      ` · ${formatPercentile(data.percentiles.challenges[c.slug])}` +
                        (data.percentiles.challenges[c.slug]?.provisional ? ' (provisional)' : '')}
                  </li>
                ))}
              </ul>
            </section>
          </article>
        );
      }}
    </StaffFrame>
  );
}
