import { type FormEvent, useEffect, useState } from 'react';
import { RETENTION_DAYS } from '../../../server/contract/retention.ts';
import { errorMessage } from '../api.ts';
import { getRetention, setRetention } from '../retentionApi.ts';
import './RetentionSettings.css';

/**
 * The organisation's retention period for candidates' data (managers only): past it, an hourly
 * sweep erases an attempt's personal data and keeps its scores, anonymous.
 */
export function RetentionSettings() {
  const [saved, setSaved] = useState<number | null>(null);
  const [days, setDays] = useState('');
  const [status, setStatus] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // The field stays disabled until the saved period is in, so what a manager types is never overwritten.
  useEffect(() => {
    getRetention().then(
      (r) => {
        setSaved(r.retentionDays);
        setDays(String(r.retentionDays));
      },
      (error: unknown) => setStatus({ kind: 'error', text: errorMessage(error) }),
    );
  }, []);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setStatus(null);
    try {
      const r = await setRetention({ retentionDays: Number(days) });
      setSaved(r.retentionDays);
      setStatus({ kind: 'success', text: `Candidates' data is now kept ${r.retentionDays} days.` });
    } catch (error) {
      setStatus({ kind: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="retention-settings" data-testid="retention-settings">
      <summary>Candidates' data: kept {saved === null ? '…' : `${saved} days`} after an attempt ends</summary>
      <form onSubmit={(event) => void save(event)}>
        <p>
          Past this period an attempt's personal data (name, email, files, replay, notes) is erased; its
          scores stay, anonymous, for the comparison. A candidate's data can be exported or erased at once
          from their attempt's page.
        </p>
        <label htmlFor="retention-days">Retention period (days)</label>{' '}
        <input
          id="retention-days"
          className="input"
          type="number"
          min={RETENTION_DAYS.min}
          max={RETENTION_DAYS.max}
          required
          disabled={saved === null}
          value={days}
          onChange={(event) => setDays(event.target.value)}
        />{' '}
        <button type="submit" className="button button-small" disabled={busy || saved === null}>
          Save
        </button>
        <p aria-live="polite">
          {status !== null && (
            <span className={`notice notice-${status.kind === 'error' ? 'error' : 'info'}`}>
              {status.text}
            </span>
          )}
        </p>
      </form>
    </details>
  );
}
