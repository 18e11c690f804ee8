import { useCallback, useEffect, useState } from 'react';
import type { WebhookDelivery } from '../../../server/contract/webhooks.ts';
import { errorMessage } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { listDeliveries, redeliver } from '../webhooksApi.ts';

/** One endpoint's delivery log, newest first, with the receiver's last answer and a redeliver button. */
export function WebhookDeliveries({ endpointId }: { endpointId: string }) {
  const [deliveries, setDeliveries] = useState<WebhookDelivery[]>([]);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const page = await listDeliveries(endpointId);
      setDeliveries(page.deliveries);
      setNextBefore(page.nextBefore);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, [endpointId]);
  useEffect(() => {
    void load();
  }, [load]);

  const older = async () => {
    if (!nextBefore) return;
    try {
      const page = await listDeliveries(endpointId, nextBefore);
      setDeliveries((shown) => [...shown, ...page.deliveries]);
      setNextBefore(page.nextBefore);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const again = async (deliveryId: string) => {
    setError(null);
    try {
      await redeliver(endpointId, deliveryId);
      await load();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <section aria-label="Deliveries" className="webhook-deliveries">
      <h2>
        Deliveries{' '}
        <button type="button" className="button button-small" onClick={() => void load()}>
          Refresh
        </button>
      </h2>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {deliveries.length === 0 ? (
        <p>No deliveries yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Event</th>
              <th>Status</th>
              <th>Tries</th>
              <th>Answer</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td>{formatDateTime(d.createdAt)}</td>
                <td>
                  {d.type}
                  {d.manual ? ' (redelivered)' : ''}
                  <br />
                  <code className="webhook-id">{d.eventId}</code>
                </td>
                <td>
                  {d.status}
                  {d.nextAttemptAt ? `, next try ${formatDateTime(d.nextAttemptAt)}` : ''}
                </td>
                <td>{d.attempts}</td>
                <td>
                  <button
                    type="button"
                    className="webhook-answer"
                    aria-expanded={open === d.id}
                    onClick={() => setOpen(open === d.id ? null : d.id)}
                  >
                    {d.lastStatusCode ?? d.lastError ?? '—'}
                  </button>
                  {open === d.id && (
                    <pre className="webhook-excerpt">
                      {d.lastError ? `${d.lastError}\n\n` : ''}
                      {d.responseExcerpt ?? '(no answer)'}
                    </pre>
                  )}
                </td>
                <td>
                  <button type="button" className="button button-small" onClick={() => void again(d.id)}>
                    Redeliver
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore && (
        <button type="button" className="button button-small" onClick={() => void older()}>
          Older deliveries
        </button>
      )}
    </section>
  );
}
