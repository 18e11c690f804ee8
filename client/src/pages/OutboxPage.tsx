import { useState } from 'react';
import type { OutboxMessage } from '../../../server/contract/outbox.ts';
import { errorMessage } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { listOutbox } from '../outboxApi.ts';
import { StaffFrame } from '../staff/StaffFrame.tsx';
import { useStaffLoad } from '../staff/useStaffLoad.ts';
import './OutboxPage.css';

const loadFirstPage = () => listOutbox();

/** The organisation's email, newest first: held (no SMTP server), queued, sent or failed. */
export function OutboxPage() {
  const { state, reload } = useStaffLoad(loadFirstPage);
  const [older, setOlder] = useState<{ messages: OutboxMessage[]; nextBefore: string | null } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <StaffFrame loaded={state} onRetry={reload} failedTitle="Could not load the outbox" current="outbox">
      {({ data }) => {
        const messages = [...data.messages, ...(older?.messages ?? [])];
        const nextBefore = older ? older.nextBefore : data.nextBefore;
        const more = async () => {
          if (!nextBefore) return;
          setError(null);
          try {
            const page = await listOutbox(nextBefore);
            setOlder({
              messages: [...(older?.messages ?? []), ...page.messages],
              nextBefore: page.nextBefore,
            });
          } catch (caught) {
            setError(errorMessage(caught));
          }
        };
        const shown = messages.find((m) => m.id === open);
        return (
          <section className="outbox-page" aria-labelledby="outbox-title">
            <h1 id="outbox-title">Outbox</h1>
            <p>
              Every email Gauntlet sends. Without an SMTP server (<code>SMTP_URL</code>) messages are held
              here: pass them on yourself.
            </p>
            {messages.length === 0 ? (
              <p>No email yet.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>When</th>
                    <th>To</th>
                    <th>Kind</th>
                    <th>Subject</th>
                    <th>Status</th>
                  </tr>
                </thead>
                <tbody>
                  {messages.map((m) => (
                    <tr key={m.id} className={m.id === open ? 'outbox-open' : undefined}>
                      <td>{formatDateTime(m.at)}</td>
                      <td>{m.to}</td>
                      <td>{m.kind}</td>
                      <td>
                        <button
                          type="button"
                          className="outbox-subject"
                          aria-expanded={m.id === open}
                          onClick={() => setOpen(m.id === open ? null : m.id)}
                        >
                          {m.subject}
                        </button>
                      </td>
                      <td title={m.lastError ?? undefined}>{m.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {nextBefore && (
              <button type="button" className="button button-small" onClick={more}>
                Older messages
              </button>
            )}
            {error && (
              <p className="notice notice-error" role="alert">
                {error}
              </p>
            )}
            {shown && (
              <article aria-label="The message">
                <h2>{shown.subject}</h2>
                <p>
                  To {shown.to}, {formatDateTime(shown.at)}
                  {shown.lastError ? ` — last error: ${shown.lastError}` : ''}
                </p>
                <pre className="outbox-text">{shown.text}</pre>
              </article>
            )}
          </section>
        );
      }}
    </StaffFrame>
  );
}
