import { useCallback, useEffect, useState } from 'react';
import type {
  CandidateFeedback as Feedback,
  FeedbackChallenge,
  FeedbackDimension,
  FeedbackRequirement,
} from '../../../server/contract/feedback.ts';
import { errorMessage } from '../api.ts';
import { getCandidateFeedback } from '../feedbackApi.ts';
import './CandidateFeedback.css';

/**
 * How long the page waits before asking again while the submission is graded: 5 s for the first
 * half minute (a grading usually ends then), then a little longer each time, at most a minute.
 */
const pendingDelayMs = (asked: number) => Math.min(5000 * (1 + Math.floor(asked / 6)), 60_000);

const VERDICT_LABELS: Record<FeedbackRequirement['verdict'], string> = {
  met: 'Met',
  not_met: 'Not met',
  not_shown: 'Not reported',
};

function Requirement({ requirement }: { requirement: FeedbackRequirement }) {
  return (
    <li
      className={`feedback-requirement feedback-${requirement.verdict}`}
      data-testid="feedback-requirement"
      data-verdict={requirement.verdict}
    >
      <p className="feedback-requirement-head">
        <span className="feedback-verdict">{VERDICT_LABELS[requirement.verdict]}</span>{' '}
        <strong>{requirement.id}</strong> {requirement.text}
      </p>
      {requirement.verdict === 'not_shown' ? (
        <p className="feedback-note">Only checks you could not see judge this requirement.</p>
      ) : (
        <ul className="feedback-checks">
          {requirement.checks.map((check) => (
            <li key={check.title} className={check.passed ? 'feedback-check-pass' : 'feedback-check-fail'}>
              <span aria-hidden="true">{check.passed ? '✓' : '✗'}</span>{' '}
              <span className="visually-hidden">{check.passed ? 'Passed:' : 'Failed:'}</span>
              <span className="feedback-check-title">{check.title}</span>
              {check.message && <span className="feedback-check-message">{check.message}</span>}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function Challenge({ challenge }: { challenge: FeedbackChallenge }) {
  return (
    <section className="feedback-challenge" aria-labelledby={`feedback-${challenge.slug}`}>
      <h3 id={`feedback-${challenge.slug}`}>{challenge.title}</h3>
      {challenge.outcome === 'graded' && (
        <ul className="feedback-requirements">
          {challenge.requirements.map((r) => (
            <Requirement key={r.id} requirement={r} />
          ))}
        </ul>
      )}
      {challenge.outcome === 'not_graded' && (
        <p className="feedback-note">
          This submission could not be graded (not your fault), so there is no report.
        </p>
      )}
      {challenge.outcome === 'not_submitted' && <p className="feedback-note">Not submitted.</p>}
    </section>
  );
}

function Dimension({ dimension }: { dimension: FeedbackDimension }) {
  return (
    <section className="feedback-dimension" data-testid="feedback-dimension">
      <h4>{dimension.title}</h4>
      <p className="feedback-note">{dimension.description}</p>
      <dl>
        {dimension.levels.map((l) => (
          <div key={l.level}>
            <dt>
              Level {l.level} ({l.name})
            </dt>
            <dd>{l.description}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/**
 * The candidate's feedback on the finished page, when the assessment gives some: a report per
 * requirement once the final grading is recorded, asked for again every few seconds until then.
 */
export function CandidateFeedback() {
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [asked, setAsked] = useState(0);
  const load = useCallback(async () => {
    try {
      setFeedback(await getCandidateFeedback());
      setError(null);
    } catch (failure) {
      setError(failure);
    } finally {
      setAsked((n) => n + 1);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (feedback?.status !== 'pending') return;
    const timer = setTimeout(() => void load(), pendingDelayMs(asked));
    return () => clearTimeout(timer);
  }, [feedback, asked, load]);

  if (error !== null && feedback === null) {
    return (
      <section className="panel candidate-feedback" data-testid="candidate-feedback-error">
        <p className="notice notice-error">Your feedback could not be loaded: {errorMessage(error)}</p>
        <button type="button" className="button button-small" onClick={() => void load()}>
          Try again
        </button>
      </section>
    );
  }
  if (feedback === null || feedback.status === 'off') return null;
  if (feedback.status === 'pending') {
    return (
      <section className="panel candidate-feedback" data-testid="candidate-feedback-pending">
        <h2>Your feedback</h2>
        <p className="feedback-note" role="status">
          Your feedback will appear here once your submission is graded.
        </p>
      </section>
    );
  }
  const { report } = feedback;
  return (
    <section
      className="panel candidate-feedback"
      data-testid="candidate-feedback"
      aria-labelledby="feedback-title"
    >
      <h2 id="feedback-title">Your feedback</h2>
      <p className="feedback-note">
        For each requirement: whether it was met, judged by the checks you could see while working, and what
        they found.
      </p>
      {report.challenges.map((c) => (
        <Challenge key={c.slug} challenge={c} />
      ))}
      {report.dimensions.length > 0 && (
        <section className="feedback-dimensions">
          <h3>What each level looks like</h3>
          <p className="feedback-note">
            The rubric the hiring team uses for the skills these checks assess, from level 1 to level 4.
          </p>
          {report.dimensions.map((d) => (
            <Dimension key={d.id} dimension={d} />
          ))}
        </section>
      )}
    </section>
  );
}
