import { useEffect, useState } from 'react';
import { errorMessage } from '../api.ts';
import { getFeedbackSetting, setFeedbackSetting } from '../feedbackApi.ts';

/**
 * Whether the assessment's candidates get feedback (managers only): once their final grading is
 * recorded, a report per requirement from the visible checks, on their page and announced by mail.
 * The switch takes input only once the saved setting has loaded, so it never overwrites it blind.
 */
export function FeedbackSetting({ assessmentId }: { assessmentId: string }) {
  const [saved, setSaved] = useState<boolean | null>(null);
  /** The choice being saved: the box shows it at once, and the saved value again if saving fails. */
  const [pending, setPending] = useState<boolean | null>(null);
  const [status, setStatus] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  useEffect(() => {
    getFeedbackSetting(assessmentId).then(
      (s) => setSaved(s.candidateFeedback),
      (error: unknown) => setStatus({ kind: 'error', text: errorMessage(error) }),
    );
  }, [assessmentId]);
  const toggle = async (on: boolean) => {
    setPending(on);
    setStatus(null);
    try {
      const s = await setFeedbackSetting(assessmentId, { candidateFeedback: on });
      setSaved(s.candidateFeedback);
      setStatus({
        kind: 'info',
        text: s.candidateFeedback ? 'Candidates will get feedback.' : 'Candidates get no feedback.',
      });
    } catch (error) {
      setStatus({ kind: 'error', text: errorMessage(error) });
    } finally {
      setPending(null);
    }
  };
  return (
    <div className="feedback-setting" data-testid="feedback-setting" data-saved={String(saved)}>
      <label>
        <input
          type="checkbox"
          checked={(pending ?? saved) === true}
          disabled={saved === null || pending !== null}
          onChange={(event) => void toggle(event.target.checked)}
        />{' '}
        Give candidates feedback
      </label>
      <p className="assessment-meta">
        Once a candidate's submissions are graded, they read on their page, per requirement, what was met and
        what was not (from the visible checks only) with the rubric's level descriptions, and get an email
        saying it is ready. Hidden checks, reviewers' notes and other candidates' results are never shown.
      </p>
      <p aria-live="polite">
        {status !== null && <span className={`notice notice-${status.kind}`}>{status.text}</span>}
      </p>
    </div>
  );
}
