import { useEffect, useId, useState } from 'react';
import type { AccommodationView, ExtraTimeRequest } from '../../../server/contract/accommodations.ts';
import { getAccommodation, setAccommodation } from '../accommodationsApi.ts';
import { errorMessage } from '../api.ts';
import './AccommodationForm.css';

type Choice = 'none' | '25' | '50' | '100' | 'minutes';

const choiceOf = (a: AccommodationView): Choice =>
  a.extraPercent !== null ? (String(a.extraPercent) as Choice) : a.extraMinutes !== null ? 'minutes' : 'none';

function extraTimeOf(choice: Choice, minutes: number): ExtraTimeRequest {
  if (choice === 'none') return { kind: 'none' };
  if (choice === 'minutes') return { kind: 'minutes', minutes };
  return { kind: 'percent', percent: Number(choice) as 25 | 50 | 100 };
}

/**
 * A manager's accommodation for one invitation not yet started: extra time (+25/50/100 % or
 * minutes) and a note for reviewers. Opens as a disclosure in the invitation's row.
 */
export function AccommodationForm({
  attemptId,
  candidateName,
}: {
  attemptId: string;
  candidateName: string;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState<AccommodationView | null>(null);
  const [choice, setChoice] = useState<Choice>('none');
  const [minutes, setMinutes] = useState(30);
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<{ busy: boolean; error: string | null; saved: boolean }>({
    busy: false,
    error: null,
    saved: false,
  });

  useEffect(() => {
    if (!open || current) return;
    let cancelled = false;
    getAccommodation(attemptId).then(
      (a) => {
        if (cancelled) return;
        setCurrent(a);
        setChoice(choiceOf(a));
        setMinutes(a.extraMinutes ?? 30);
        setNote(a.note);
      },
      (error: unknown) => !cancelled && setStatus({ busy: false, error: errorMessage(error), saved: false }),
    );
    return () => {
      cancelled = true;
    };
  }, [open, attemptId, current]);

  const save = async () => {
    setStatus({ busy: true, error: null, saved: false });
    try {
      setCurrent(await setAccommodation(attemptId, { extraTime: extraTimeOf(choice, minutes), note }));
      setStatus({ busy: false, error: null, saved: true });
    } catch (error) {
      setStatus({ busy: false, error: errorMessage(error), saved: false });
    }
  };

  return (
    <details className="accommodation-form" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Accommodation…</summary>
      {/* The fields wait for the saved accommodation, so a choice made meanwhile is never overwritten. */}
      {!current && !status.error && <p className="accommodation-hint">Loading…</p>}
      {status.error && !current && (
        <p className="notice notice-error" role="alert">
          {status.error}
        </p>
      )}
      {current && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          aria-label={`Accommodation for ${candidateName}`}
        >
          <label htmlFor={`${id}-extra`}>Extra time</label>
          <select
            id={`${id}-extra`}
            className="select"
            value={choice}
            onChange={(e) => setChoice(e.target.value as Choice)}
          >
            <option value="none">None</option>
            <option value="25">+25 %</option>
            <option value="50">+50 %</option>
            <option value="100">+100 %</option>
            <option value="minutes">A number of minutes</option>
          </select>
          {choice === 'minutes' && (
            <>
              <label htmlFor={`${id}-minutes`}>Minutes</label>
              <input
                id={`${id}-minutes`}
                className="input"
                type="number"
                min={1}
                max={600}
                value={minutes}
                onChange={(e) => setMinutes(Number(e.target.value))}
              />
            </>
          )}
          <label htmlFor={`${id}-note`}>Note for reviewers</label>
          <textarea
            id={`${id}-note`}
            className="input"
            maxLength={1000}
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <p className="accommodation-hint">
            Set before the candidate starts. Live environments' idle limits stretch with the extra time; an
            interview still ends with its slot. Time limit now: {current.timeLimitMinutes} min.
          </p>
          <button type="submit" className="button button-small" disabled={status.busy}>
            Save accommodation
          </button>
          {status.saved && <span role="status">Saved.</span>}
          {status.error && (
            <p className="notice notice-error" role="alert">
              {status.error}
            </p>
          )}
        </form>
      )}
    </details>
  );
}
