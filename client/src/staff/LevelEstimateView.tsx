import type { LevelEstimate } from '../../../server/contract/staff.ts';
import './LevelEstimateView.css';

/** The level estimate with the reasons behind it. */
export function LevelEstimateView({ level }: { level: LevelEstimate }) {
  return (
    <section className="panel level-estimate" aria-label="Level estimate">
      <p className="level-headline">
        Level estimate: <strong data-testid="level-estimate">{level.level ?? 'not enough evidence'}</strong>
        {level.points !== null && <span className="level-points"> ({level.points} of 4)</span>}
        {level.provisional && <span className="level-provisional"> provisional</span>}
      </p>
      <ul className="level-reasons">
        {level.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
    </section>
  );
}
