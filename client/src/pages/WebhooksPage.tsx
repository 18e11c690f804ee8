import { type FormEvent, useState } from 'react';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../../server/contract/webhooks.ts';
import { formatDateTime } from '../format.ts';
import { ShownOnce } from '../staff/ShownOnce.tsx';
import { StaffFrame } from '../staff/StaffFrame.tsx';
import { useStaffAction } from '../staff/useStaffAction.ts';
import { useStaffLoad } from '../staff/useStaffLoad.ts';
import { WebhookDeliveries } from '../staff/WebhookDeliveries.tsx';
import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  pingWebhook,
  setWebhookEnabled,
} from '../webhooksApi.ts';
import './WebhooksPage.css';

/** A hiring manager's webhook endpoints: create (the signing secret shown once), toggle, ping, delete, and each one's deliveries. */
export function WebhooksPage() {
  const { state, reload, refresh } = useStaffLoad(listWebhooks);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<WebhookEventType[]>([...WEBHOOK_EVENT_TYPES]);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const { act, busy, error } = useStaffAction(refresh);
  const create = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const created = await createWebhook({ url, description, eventTypes: types });
      setSecret({ url: created.endpoint.url, secret: created.secret });
      setUrl('');
      setDescription('');
    });
  };
  const toggle = (type: WebhookEventType, on: boolean) =>
    setTypes((current) => (on ? [...current, type] : current.filter((t) => t !== type)));

  return (
    <StaffFrame loaded={state} onRetry={reload} failedTitle="Could not load the webhooks" current="webhooks">
      {({ data }) => (
        <section className="webhooks-page" aria-labelledby="webhooks-title">
          <h1 id="webhooks-title">Webhooks</h1>
          <p>
            Gauntlet posts events to your endpoints, signed as the Standard Webhooks specification says (
            <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>), and
            retries a failing receiver for 24 hours. Use the <code>webhook-id</code> to ignore an event you
            already have.
          </p>
          <form className="panel webhook-form" onSubmit={create}>
            <h2>Add an endpoint</h2>
            <div className="field">
              <label htmlFor="webhook-url">URL</label>
              <input
                id="webhook-url"
                className="input"
                type="url"
                required
                maxLength={2000}
                value={url}
                placeholder="https://ats.example.com/hooks/gauntlet"
                onChange={(e) => setUrl(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="webhook-description">Description</label>
              <input
                id="webhook-description"
                className="input"
                maxLength={500}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            </div>
            <fieldset>
              <legend>Events</legend>
              {WEBHOOK_EVENT_TYPES.map((type) => (
                <label key={type}>
                  <input
                    type="checkbox"
                    checked={types.includes(type)}
                    onChange={(e) => toggle(type, e.target.checked)}
                  />{' '}
                  {type}
                </label>
              ))}
            </fieldset>
            <button type="submit" className="button button-primary" disabled={busy || types.length === 0}>
              Add endpoint
            </button>
          </form>
          {secret && (
            <ShownOnce secret={secret.secret} testId="webhook-secret">
              <strong>Copy the signing secret of {secret.url} now:</strong> it is shown only this once.
            </ShownOnce>
          )}
          {error && (
            <p className="notice notice-error" role="alert">
              {error}
            </p>
          )}
          {data.length === 0 ? (
            <p>No endpoints yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>URL</th>
                  <th>Events</th>
                  <th>Created</th>
                  <th>Status</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.map((endpoint) => (
                  <tr key={endpoint.id} className={endpoint.enabled ? undefined : 'webhook-disabled'}>
                    <td>
                      <code>{endpoint.url}</code>
                      {endpoint.description && <div>{endpoint.description}</div>}
                    </td>
                    <td>{endpoint.eventTypes.join(', ')}</td>
                    <td>{formatDateTime(endpoint.createdAt)}</td>
                    <td>{endpoint.enabled ? 'enabled' : 'disabled'}</td>
                    <td className="webhook-actions">
                      <button
                        type="button"
                        className="button button-small"
                        aria-expanded={shown === endpoint.id}
                        onClick={() => setShown(shown === endpoint.id ? null : endpoint.id)}
                      >
                        Deliveries
                      </button>
                      <button
                        type="button"
                        className="button button-small"
                        disabled={busy || !endpoint.enabled}
                        onClick={() => void act(() => pingWebhook(endpoint.id))}
                      >
                        Send test
                      </button>
                      <button
                        type="button"
                        className="button button-small"
                        disabled={busy}
                        onClick={() =>
                          void act(async () => {
                            await setWebhookEnabled(endpoint.id, !endpoint.enabled);
                          })
                        }
                      >
                        {endpoint.enabled ? 'Disable' : 'Enable'}
                      </button>
                      <button
                        type="button"
                        className="button button-small"
                        disabled={busy}
                        onClick={() => {
                          if (
                            window.confirm(`Delete the endpoint ${endpoint.url}? It receives nothing more.`)
                          ) {
                            void act(() => deleteWebhook(endpoint.id));
                          }
                        }}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {shown && data.some((e) => e.id === shown) && <WebhookDeliveries key={shown} endpointId={shown} />}
        </section>
      )}
    </StaffFrame>
  );
}
