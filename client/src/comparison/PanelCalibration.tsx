import type { ReviewerCalibrationFigure } from '../../../server/contract/staff.ts';
import { formatOffset } from './figures.ts';

/** The interviewers of these candidates against the organisation's panel: for managers weighing ratings. */
export function PanelCalibration({ reviewers }: { reviewers: readonly ReviewerCalibrationFigure[] }) {
  if (reviewers.length === 0) return null;
  return (
    <section aria-labelledby="panel-calibration-title">
      <h2 id="panel-calibration-title">Interviewers against the panel</h2>
      <p className="score-checks">
        Offset: their rating minus the other interviewers' mean on the same attempt and dimension, with its
        spread. The calibrated means take off each interviewer's correction, shrunk when they shared few
        ratings.
      </p>
      <div className="attempts-table-wrap">
        <table className="attempts-table" data-testid="panel-calibration">
          <thead>
            <tr>
              <th scope="col">Interviewer</th>
              <th scope="col">Offset</th>
              <th scope="col">Shared attempts</th>
              <th scope="col">Correction</th>
            </tr>
          </thead>
          <tbody>
            {reviewers.map((r) => (
              <tr key={r.reviewerId}>
                <th scope="row">{r.reviewerName}</th>
                <td>{formatOffset(r)}</td>
                <td>{r.sharedAttempts}</td>
                <td>{r.correction.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
