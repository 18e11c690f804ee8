import { useState } from 'react';
import { errorMessage } from '../api.ts';
import { eraseCandidate, exportCandidate } from '../retentionApi.ts';
import { downloadJson } from './downloadJson.ts';

/**
 * A manager's answer to a candidate's request about their data: export it as JSON, or erase it at
 * once after a confirmation (scores stay, anonymous). `onErased` reloads the page, which then shows
 * the attempt without the person.
 */
export function CandidateDataActions({
  attemptId,
  candidateName,
  onErased,
}: {
  attemptId: string;
  candidateName: string;
  onErased: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  const exportData = () =>
    run(async () => downloadJson(await exportCandidate(attemptId), `candidate-${attemptId}.json`));
  const erase = () => {
    const question =
      `Erase ${candidateName}'s data now? Their name, email, files, replay and notes are deleted for good; ` +
      'their scores stay, anonymous.';
    if (!window.confirm(question)) return;
    void run(async () => {
      await eraseCandidate(attemptId);
      onErased();
    });
  };
  return (
    <>
      <button type="button" className="button button-small" disabled={busy} onClick={() => void exportData()}>
        Export data
      </button>
      <button type="button" className="button button-small button-danger" disabled={busy} onClick={erase}>
        Erase data
      </button>
      {error !== null && (
        <span role="alert" className="notice notice-error">
          {error}
        </span>
      )}
    </>
  );
}
