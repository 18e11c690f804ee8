import { useCallback, useEffect, useState } from 'react';
import type { CandidateAttempt } from '../../../server/contract/api.ts';
import { enterInvitation, getAttempt } from '../api.ts';
import { AttemptFinished } from '../attempt/AttemptFinished.tsx';
import { AttemptIntro } from '../attempt/AttemptIntro.tsx';
import { AttemptWorkspace } from '../attempt/AttemptWorkspace.tsx';
import { clockOffsetMs } from '../attempt/clock.ts';
import { InvitationError } from '../attempt/InvitationError.tsx';

type PageState =
  | { phase: 'loading' }
  | { phase: 'failed'; error: unknown }
  | { phase: 'ready'; attempt: CandidateAttempt; offsetMs: number };

/** The candidate's page: trades the invitation token for a session, then shows the attempt. */
export function InvitationPage({ token }: { token: string }) {
  const [state, setState] = useState<PageState>({ phase: 'loading' });

  const show = useCallback((attempt: CandidateAttempt) => {
    setState({ phase: 'ready', attempt, offsetMs: clockOffsetMs(attempt.serverNow, Date.now()) });
  }, []);

  const load = useCallback(async () => {
    setState({ phase: 'loading' });
    try {
      await enterInvitation(token);
      show(await getAttempt());
    } catch (error) {
      setState({ phase: 'failed', error });
    }
  }, [token, show]);

  /** Re-reads the attempt without blanking the page; a failure keeps what is shown. */
  const reload = useCallback(async () => {
    try {
      show(await getAttempt());
    } catch {
      // The workspace shows its own save and grading errors; a stale status is harmless here.
    }
  }, [show]);

  useEffect(() => {
    void load();
  }, [load]);

  if (state.phase === 'loading') return <p className="page-loading">Opening your assessment…</p>;
  if (state.phase === 'failed') return <InvitationError error={state.error} onRetry={load} />;
  const { attempt, offsetMs } = state;
  switch (attempt.status) {
    case 'not_started':
      return <AttemptIntro attempt={attempt} onStarted={show} />;
    case 'in_progress':
      return <AttemptWorkspace attempt={attempt} offsetMs={offsetMs} onReload={reload} />;
    case 'submitted':
    case 'expired':
      return <AttemptFinished attempt={attempt} />;
  }
}
