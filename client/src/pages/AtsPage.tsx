import { type FormEvent, useState } from 'react';
import type { AtsConnectionKind } from '../../../server/contract/ats.ts';
import { listAssessments } from '../api.ts';
import { createAtsConnection, deleteAtsConnection, listAtsConnections } from '../atsApi.ts';
import { formatDateTime } from '../format.ts';
import { Link } from '../router.tsx';
import { ShownOnce } from '../staff/ShownOnce.tsx';
import { StaffFrame } from '../staff/StaffFrame.tsx';
import { useStaffAction } from '../staff/useStaffAction.ts';
import { useStaffLoad } from '../staff/useStaffLoad.ts';
import './AtsPage.css';

const load = async () => {
  const [connections, assessments] = await Promise.all([listAtsConnections(), listAssessments()]);
  return { connections, assessments };
};

/** Absolute URLs to give an ATS: this server's own address as the browser reached it. */
const absolute = (path: string) => (path.startsWith('/') ? `${window.location.origin}${path}` : path);

/**
 * A hiring manager connects the organisation's ATS: Greenhouse (its key is an API token: the page
 * says which and the URLs to give), Lever (its stage-change webhook) or any other (signed messages).
 */
export function AtsPage() {
  const { state, reload, refresh } = useStaffLoad(load);
  const { act, busy, error } = useStaffAction(refresh);
  const [kind, setKind] = useState<AtsConnectionKind>('lever');
  const [name, setName] = useState('');
  const [assessmentId, setAssessmentId] = useState('');
  const [stageId, setStageId] = useState('');
  const [signatureToken, setSignatureToken] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [performAs, setPerformAs] = useState('');
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);

  return (
    <StaffFrame
      loaded={state}
      onRetry={reload}
      failedTitle="Could not load the ATS connections"
      current="ats"
    >
      {({ data }) => {
        const chosen = assessmentId || data.assessments[0]?.id || '';
        const create = (event: FormEvent) => {
          event.preventDefault();
          void act(async () => {
            const created = await createAtsConnection(
              kind === 'lever'
                ? {
                    kind,
                    name,
                    assessmentId: chosen,
                    stageId,
                    signatureToken,
                    apiKey,
                    ...(performAs ? { performAs } : {}),
                  }
                : { kind, name, assessmentId: chosen },
            );
            setSecret(created.secret ? { name: created.connection.name, secret: created.secret } : null);
            setName('');
            setSignatureToken('');
            setApiKey('');
          });
        };
        return (
          <section className="ats-page" aria-labelledby="ats-title">
            <h1 id="ats-title">Applicant tracking systems</h1>
            <section className="panel" aria-labelledby="ats-greenhouse">
              <h2 id="ats-greenhouse">Greenhouse</h2>
              <p>
                Greenhouse calls Gauntlet as an assessment partner. Create an{' '}
                <Link href="/staff/api-tokens">API token</Link> with <code>write:invitations</code> and{' '}
                <code>read:results</code>, and give it to Greenhouse as the organisation's key with these
                URLs:
              </p>
              <ul className="ats-urls">
                {['list_tests', 'send_test', 'test_status', 'response_error'].map((call) => (
                  <li key={call}>
                    <code>{absolute(`/api/ats/greenhouse/${call}`)}</code>
                  </li>
                ))}
              </ul>
            </section>

            <form className="panel ats-form" onSubmit={create}>
              <h2>Connect Lever or another ATS</h2>
              <fieldset>
                <legend>Kind</legend>
                <label>
                  <input
                    type="radio"
                    name="ats-kind"
                    checked={kind === 'lever'}
                    onChange={() => setKind('lever')}
                  />{' '}
                  Lever (a stage-change webhook)
                </label>
                <label>
                  <input
                    type="radio"
                    name="ats-kind"
                    checked={kind === 'generic'}
                    onChange={() => setKind('generic')}
                  />{' '}
                  Another ATS (signed messages, Standard Webhooks)
                </label>
              </fieldset>
              <div className="field">
                <label htmlFor="ats-name">Name</label>
                <input
                  id="ats-name"
                  className="input"
                  required
                  maxLength={120}
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor="ats-assessment">Invites to</label>
                <select
                  id="ats-assessment"
                  className="input"
                  value={chosen}
                  onChange={(e) => setAssessmentId(e.target.value)}
                >
                  {data.assessments.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.title}
                    </option>
                  ))}
                </select>
              </div>
              {kind === 'lever' && (
                <>
                  <div className="field">
                    <label htmlFor="ats-stage">Lever stage id that sends the assessment</label>
                    <input
                      id="ats-stage"
                      className="input"
                      required
                      maxLength={200}
                      value={stageId}
                      onChange={(e) => setStageId(e.target.value)}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor="ats-signature">
                      Webhook signature token (from Lever's webhook settings)
                    </label>
                    <input
                      id="ats-signature"
                      className="input"
                      type="password"
                      autoComplete="off"
                      required
                      minLength={8}
                      value={signatureToken}
                      onChange={(e) => setSignatureToken(e.target.value)}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor="ats-key">Lever API key (reads opportunities, writes notes)</label>
                    <input
                      id="ats-key"
                      className="input"
                      type="password"
                      autoComplete="off"
                      required
                      minLength={8}
                      value={apiKey}
                      onChange={(e) => setApiKey(e.target.value)}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor="ats-perform-as">Post notes as Lever user (optional)</label>
                    <input
                      id="ats-perform-as"
                      className="input"
                      maxLength={200}
                      value={performAs}
                      onChange={(e) => setPerformAs(e.target.value)}
                    />
                  </div>
                </>
              )}
              <button type="submit" className="button button-primary" disabled={busy || !chosen}>
                Connect
              </button>
              {data.assessments.length === 0 && (
                <p>Create an assessment first: a connection invites to one.</p>
              )}
            </form>

            {secret && (
              <ShownOnce secret={secret.secret} testId="ats-secret">
                <strong>Copy the signing key of {secret.name} now:</strong> it is shown only this once.
              </ShownOnce>
            )}
            {error && (
              <p className="notice notice-error" role="alert">
                {error}
              </p>
            )}

            {data.connections.length === 0 ? (
              <p>No Lever or other connections yet.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Kind</th>
                    <th>Invites to</th>
                    <th>Where the ATS sends</th>
                    <th>Created</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {data.connections.map((c) => (
                    <tr key={c.id}>
                      <td>{c.name}</td>
                      <td>{c.kind === 'lever' ? `Lever (stage ${c.stageId ?? '?'})` : 'Another ATS'}</td>
                      <td>{c.assessmentTitle}</td>
                      <td>
                        <code>{absolute(c.inboundUrl)}</code>
                      </td>
                      <td>{formatDateTime(c.createdAt)}</td>
                      <td>
                        <button
                          type="button"
                          className="button button-small"
                          disabled={busy}
                          onClick={() => {
                            if (
                              window.confirm(
                                `Remove the connection ${c.name}? Its messages are refused from now on.`,
                              )
                            ) {
                              void act(() => deleteAtsConnection(c.id));
                            }
                          }}
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        );
      }}
    </StaffFrame>
  );
}
