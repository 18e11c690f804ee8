import { type ChangeEvent, type FormEvent, useState } from 'react';
import type { CreatedInvitation } from '../../../server/contract/staff.ts';
import { errorMessage, inviteCandidate, inviteCandidatesCsv } from '../api.ts';
import './InviteForms.css';

/** Invite one candidate by name and email, or many from a CSV with the columns name and email. */
export function InviteForms({
  assessmentId,
  onInvited,
}: {
  assessmentId: string;
  onInvited: (invitations: CreatedInvitation[]) => Promise<void>;
}) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [csv, setCsv] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<CreatedInvitation[]>, reset: () => void) => {
    setError(null);
    setBusy(true);
    try {
      const created = await work();
      reset();
      await onInvited(created);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  const inviteOne = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () => inviteCandidate(assessmentId, { candidateName: name, candidateEmail: email }),
      () => {
        setName('');
        setEmail('');
      },
    );
  };
  const inviteMany = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () => inviteCandidatesCsv(assessmentId, csv),
      () => setCsv(''),
    );
  };
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setCsv(await file.text());
  };

  return (
    <section className="invite-forms" aria-label="Invite candidates">
      <form className="panel" onSubmit={inviteOne}>
        <h2>Invite a candidate</h2>
        <div className="field">
          <label htmlFor="invite-name">Name</label>
          <input
            id="invite-name"
            className="input"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="invite-email">Email</label>
          <input
            id="invite-email"
            className="input"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          Invite
        </button>
      </form>
      <form className="panel" onSubmit={inviteMany}>
        <h2>Invite from a CSV</h2>
        <div className="field">
          <label htmlFor="invite-csv">One candidate per line: name, email (a header line is optional)</label>
          <textarea
            id="invite-csv"
            className="input"
            rows={4}
            value={csv}
            placeholder={'name,email\nAda Lovelace,ada@example.com'}
            onChange={(e) => setCsv(e.target.value)}
          />
          <input type="file" accept=".csv,text/csv" onChange={readFile} aria-label="Read a CSV file" />
        </div>
        <button type="submit" className="button button-primary" disabled={busy || csv.trim() === ''}>
          Invite all
        </button>
      </form>
      {error && (
        <p className="notice notice-error invite-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
