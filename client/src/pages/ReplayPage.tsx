import { useCallback } from 'react';
import { errorMessage, getReplay, getReplayEvents } from '../api.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { ReplayView } from '../replay/ReplayView.tsx';
import { Link } from '../router.tsx';
import { StaffHeader } from '../staff/StaffHeader.tsx';
import { useStaffLoad } from '../staff/useStaffLoad.ts';
import './ReplayPage.css';

/** `?challenge=slug&seq=N`: a moment linked from elsewhere (similarity evidence) to open the replay at. */
function momentInAddress(): { challengeSlug: string; seq: number } | null {
  const query = new URLSearchParams(window.location.search);
  const seq = Number(query.get('seq'));
  const challengeSlug = query.get('challenge');
  return challengeSlug && Number.isInteger(seq) && seq >= 0 ? { challengeSlug, seq } : null;
}

/** An attempt's replay, for the interviewers of its organisation. */
export function ReplayPage({ attemptId }: { attemptId: string }) {
  const load = useCallback(async () => {
    const [replay, events] = await Promise.all([getReplay(attemptId), getReplayEvents(attemptId)]);
    return { replay, events };
  }, [attemptId]);
  const { state, reload } = useStaffLoad(load);

  if (state.phase === 'loading') return <p className="page-loading">Loading the replay…</p>;
  if (state.phase === 'failed') {
    return (
      <main className="centered-page">
        <ErrorPanel title="Could not load the replay" message={errorMessage(state.error)} onRetry={reload} />
      </main>
    );
  }
  const { replay, events } = state.data;
  return (
    <div className="replay-page">
      <StaffHeader user={state.user} current="attempts" />
      <main className="replay-page-main">
        <header className="replay-page-header">
          <h1>
            Replay · {replay.attempt.candidateName}{' '}
            <span className="replay-page-sub">{replay.attempt.assessmentTitle}</span>
          </h1>
          <Link href={`/staff/attempts/${encodeURIComponent(attemptId)}`}>Back to the review</Link>
        </header>
        <ReplayView replay={replay} events={events} initialMoment={momentInAddress()} />
      </main>
    </div>
  );
}
