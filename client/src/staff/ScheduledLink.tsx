import { useState } from 'react';
import type { ScheduledInterview } from '../../../server/contract/interview.ts';
import { formatDateTime } from '../format.ts';
import { Link } from '../router.tsx';

/** The invitation link of an interview just booked: shown once, since only its hash is stored. */
export function ScheduledLink({ scheduled }: { scheduled: ScheduledInterview }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const link = `${window.location.origin}${scheduled.link}`;
  const { interview } = scheduled;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="notice notice-info created-links" aria-live="polite" data-testid="scheduled-link">
      <p>
        <strong>Send {interview.candidateName} their link now:</strong> it is shown only this once. The
        interview starts {formatDateTime(interview.startsAt)}.
      </p>
      <p>
        <code data-testid="invitation-link">{link}</code>{' '}
        <button type="button" className="button button-small" onClick={copy} data-testid="copy-link">
          {copied === 'yes' ? 'Copied' : 'Copy link'}
        </button>
        {copied === 'failed' && <span> Copying failed; select the link and copy it by hand.</span>}
      </p>
      <p>
        <Link href={`/staff/interviews/${interview.id}`}>Open the interview room</Link>
      </p>
    </section>
  );
}
