import type { CandidateAttempt } from '../../../server/contract/api.ts';
import { CandidateFeedback } from './CandidateFeedback.tsx';
import { CheckResult } from './CheckResult.tsx';
import './AttemptFinished.css';

/** The last page of an attempt, submitted or out of time: nothing left to do but close it. */
export function AttemptFinished({ attempt }: { attempt: CandidateAttempt }) {
  const submitted = attempt.status === 'submitted';
  return (
    <main className="attempt-finished">
      <section className="panel">
        <p className="brand">Gauntlet</p>
        <h1>{submitted ? 'Your assessment is submitted' : 'The time for this assessment is over'}</h1>
        <p className="finished-lead">
          {submitted
            ? `Thank you, ${attempt.candidateName}. Your work on “${attempt.assessmentTitle}” is with the hiring team, who will be in touch about next steps.`
            : `Thank you, ${attempt.candidateName}. The time limit for “${attempt.assessmentTitle}” has passed; the files you saved are kept for the hiring team to review.`}
        </p>
        <p className="finished-lead">You can close this page.</p>
      </section>
      {attempt.challenges.map((challenge) => {
        const grading = challenge.latestGrading;
        return (
          <section key={challenge.slug} className="panel finished-challenge">
            <h2>{challenge.title}</h2>
            {grading?.status === 'done' ? (
              <>
                <p className="finished-score">
                  {grading.kind === 'submit' ? 'Submitted result' : 'Last check run'}:{' '}
                  <strong data-testid="grading-score">
                    {grading.score === null ? '—' : Math.round(grading.score)}
                  </strong>{' '}
                  / 100
                </p>
                <ul className="check-list">
                  {grading.checks.map((check, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: hidden checks carry no id; the order is the server's.
                    <CheckResult key={index} check={check} />
                  ))}
                </ul>
              </>
            ) : (
              <p className="finished-score">
                {challenge.submitted ? 'Submitted.' : 'Not submitted.'}{' '}
                {grading?.status === 'error' ? 'The last grading could not run (not your fault).' : ''}
              </p>
            )}
          </section>
        );
      })}
      <CandidateFeedback />
    </main>
  );
}
