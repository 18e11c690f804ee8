import type { AttemptReview, Review, ReviewerCalibrationFigure } from '../../../server/contract/staff.ts';
import { formatOffset } from '../comparison/figures.ts';
import { formatRating, RECOMMENDATION_LABELS } from './labels.ts';
import './ReviewsSummary.css';

function ReviewerOffset({ calibration }: { calibration: ReviewerCalibrationFigure | undefined }) {
  if (!calibration) return null;
  return (
    <span className="review-note" data-testid="reviewer-offset">
      vs panel {formatOffset(calibration)}
    </span>
  );
}

/** Every visible review side by side per dimension, with the mean and the spread between interviewers. */
export function ReviewsSummary({
  data,
  dimensions,
}: {
  data: AttemptReview;
  dimensions: readonly { id: string; title: string }[];
}) {
  const reviews: Review[] = [...(data.myReview ? [data.myReview] : []), ...data.reviews];
  // Managers only: each interviewer against the panel, beside their ratings.
  const calibrationOf = (reviewId: string) =>
    data.calibration?.reviewers.find((r) => r.reviewId === reviewId);
  return (
    <div className="reviews-summary">
      <div className="attempts-table-wrap">
        <table className="attempts-table" data-testid="reviews-table">
          <thead>
            <tr>
              <th scope="col">Dimension</th>
              {reviews.map((r) => (
                <th scope="col" key={r.id}>
                  {r.mine ? `${r.reviewerName} (you)` : r.reviewerName}
                  <ReviewerOffset calibration={calibrationOf(r.id)} />
                </th>
              ))}
              {data.othersVisible && <th scope="col">Mean</th>}
              {data.calibration && <th scope="col">Calibrated</th>}
              {data.othersVisible && <th scope="col">Spread</th>}
            </tr>
          </thead>
          <tbody>
            {dimensions.map((d) => {
              const manual = data.manual[d.id as keyof typeof data.manual];
              const spread = manual?.spread ?? null;
              return (
                <tr key={d.id}>
                  <th scope="row">{d.title}</th>
                  {reviews.map((r) => {
                    const rating = r.ratings[d.id as keyof typeof r.ratings];
                    return (
                      <td key={r.id} title={rating?.notes || undefined}>
                        {rating?.rating ?? '—'}
                        {rating?.notes && <span className="review-note">{rating.notes}</span>}
                      </td>
                    );
                  })}
                  {data.othersVisible && (
                    <td data-testid={`manual-mean-${d.id}`}>{formatRating(manual?.mean)}</td>
                  )}
                  {data.calibration && (
                    <td data-testid={`calibrated-mean-${d.id}`}>
                      {formatRating(
                        data.calibration.calibrated[d.id as keyof typeof data.calibration.calibrated],
                      )}
                    </td>
                  )}
                  {data.othersVisible && (
                    <td
                      data-testid={`spread-${d.id}`}
                      className={spread !== null && spread >= 2 ? 'spread-wide' : ''}
                    >
                      {spread ?? '—'}
                    </td>
                  )}
                </tr>
              );
            })}
            <tr>
              <th scope="row">Recommendation</th>
              {reviews.map((r) => (
                <td key={r.id} data-testid="review-recommendation">
                  {RECOMMENDATION_LABELS[r.recommendation]}
                </td>
              ))}
              {data.othersVisible && <td colSpan={data.calibration ? 3 : 2} />}
            </tr>
          </tbody>
        </table>
      </div>
      {reviews
        .filter((r) => r.summary !== '')
        .map((r) => (
          <p key={r.id} className="review-summary-text">
            <strong>{r.reviewerName}:</strong> {r.summary}
          </p>
        ))}
    </div>
  );
}
