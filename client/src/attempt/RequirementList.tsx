import type { CandidateChallenge } from '../../../server/contract/api.ts';
import './RequirementList.css';

/** The numbered requirements (R1, R2, …) that check results refer back to. */
export function RequirementList({ requirements }: { requirements: CandidateChallenge['requirements'] }) {
  return (
    <ol className="requirement-list">
      {requirements.map((requirement) => (
        <li key={requirement.id}>
          <span className="requirement-id">{requirement.id}</span>
          <span>{requirement.text}</span>
        </li>
      ))}
    </ol>
  );
}
