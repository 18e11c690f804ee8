import type { AttemptReview, Review } from '../../../server/contract/staff.ts';
import { formatRating, RECOMMENDATION_LABELS } from './labels.ts';
import './ReviewsSummary.css';

/** Every visible review side by side per dimension, with the mean and the spread between interviewers. */
export function ReviewsSummary({
  data,
  dimensions,
}: {
  data: AttemptReview;
  dimensions: readonly { id: string; title: string }[];
}) {
  const reviews: Review[] = [...(data.myReview ? [data.myReview] : []), ...data.reviews];
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
                </th>
              ))}
              {data.othersVisible && <th scope="col">Mean</th>}
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
              {data.othersVisible && <td colSpan={2} />}
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
