import type { CreatedInvitation } from '../../../server/contract/staff.ts';

/** The links of invitations just created: shown once, since only their hash is stored. */
export function CreatedLinks({ invitations }: { invitations: readonly CreatedInvitation[] }) {
  if (invitations.length === 0) return null;
  return (
    <section className="notice notice-info created-links" aria-live="polite" data-testid="created-links">
      <p>
        <strong>Send each candidate their link now:</strong> it is shown only this once.
      </p>
      <ul>
        {invitations.map((i) => (
          <li key={i.attemptId}>
            {i.candidateName} &lt;{i.candidateEmail}&gt;:{' '}
            <code data-testid="invitation-link">{`${window.location.origin}${i.link}`}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
