import { useState } from 'react';
import type { InterviewRoom } from '../../../server/contract/interview.ts';
import { errorMessage } from '../api.ts';
import { ConfirmDialog } from '../components/Dialog.tsx';
import { triggerComplication } from '../interviewApi.ts';

type Complication = InterviewRoom['challenges'][number]['complications'][number];
type Outcome = { ok: boolean; output: string } | { ok: false; error: string };

/** The incident's complications: each makes the candidate's environment worse on purpose, on request. */
export function Complications({
  interviewId,
  slug,
  complications,
}: {
  interviewId: string;
  slug: string;
  complications: readonly Complication[];
}) {
  const [confirming, setConfirming] = useState<Complication | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<Readonly<Record<string, Outcome>>>({});
  if (complications.length === 0) return null;

  const trigger = async (complication: Complication) => {
    setRunning(complication.id);
    let outcome: Outcome;
    try {
      outcome = await triggerComplication(interviewId, {
        challengeSlug: slug,
        complicationId: complication.id,
      });
    } catch (caught) {
      outcome = { ok: false, error: errorMessage(caught) };
    }
    setOutcomes((previous) => ({ ...previous, [complication.id]: outcome }));
    setRunning(null);
  };

  return (
    <section className="room-section" aria-label="Complications">
      <h3>Complications</h3>
      <ul className="room-complications">
        {complications.map((c) => {
          const outcome = outcomes[c.id];
          return (
            <li key={c.id} data-testid={`complication-${c.id}`}>
              <strong>{c.title}</strong>
              <p>{c.description}</p>
              <button
                type="button"
                className="button button-small"
                disabled={running !== null}
                onClick={() => setConfirming(c)}
                data-testid={`complication-${c.id}-trigger`}
              >
                {running === c.id ? 'Triggering…' : 'Trigger'}
              </button>
              {outcome && (
                <div className="room-outcome" role="status" data-testid={`complication-${c.id}-result`}>
                  <span className={outcome.ok ? 'room-outcome-ok' : 'room-outcome-failed'}>
                    {outcome.ok ? 'Triggered' : 'Failed'}
                  </span>
                  {'error' in outcome ? (
                    <p>{outcome.error}</p>
                  ) : (
                    outcome.output !== '' && <pre>{outcome.output}</pre>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {confirming && (
        <ConfirmDialog
          title={`Trigger “${confirming.title}”?`}
          confirmLabel="Trigger"
          confirmTestId="confirm-complication"
          danger
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            const chosen = confirming;
            setConfirming(null);
            void trigger(chosen);
          }}
        >
          <p>{confirming.description}</p>
          <p>This changes the candidate’s running environment now, and it shows in the replay.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
