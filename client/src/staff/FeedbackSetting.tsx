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
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  useEffect(() => {
    getFeedbackSetting(assessmentId).then(
      (s) => setSaved(s.candidateFeedback),
      (error: unknown) => setStatus({ kind: 'error', text: errorMessage(error) }),
    );
  }, [assessmentId]);
  const toggle = async (on: boolean) => {
    setBusy(true);
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
      setBusy(false);
    }
  };
  return (
    <div className="feedback-setting" data-testid="feedback-setting" data-saved={String(saved)}>
      <label>
        <input
          type="checkbox"
          checked={saved === true}
          disabled={saved === null || busy}
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
