import { useCallback, useEffect, useState } from 'react';
import type { CandidateAttempt } from '../../../server/contract/api.ts';
import { createPageCapture } from '../replay-capture/pageCapture.ts';
import { ChallengeWorkspace } from './ChallengeWorkspace.tsx';
import { Countdown } from './Countdown.tsx';
import { useDeadlinePassed } from './clock.ts';
import { InterviewBadge } from './InterviewBadge.tsx';
import { type ChallengeSession, createChallengeSession } from './session.ts';
import { describeTimeCredit, useDeadlineRefresh } from './timeCredits.ts';
import './AttemptWorkspace.css';

interface AttemptWorkspaceProps {
  attempt: CandidateAttempt;
  offsetMs: number;
  /** Re-reads the attempt from the server (after the deadline, to learn its final status). */
  onReload: () => Promise<void>;
}

// The server settles an attempt at its deadline; give it a moment before asking how it ended.
const RELOAD_AFTER_DEADLINE_MS = 3000;

/** An attempt in progress: the countdown and one tab per challenge. */
export function AttemptWorkspace({ attempt, offsetMs, onReload }: AttemptWorkspaceProps) {
  // One replay recorder for the page; every challenge's session reports to it.
  const [pageCapture] = useState(createPageCapture);
  // Sessions outlive re-renders and tab switches; a reloaded attempt keeps the edits made here.
  const [sessions] = useState(
    () =>
      new Map<string, ChallengeSession>(
        attempt.challenges.map((c) => [
          c.slug,
          createChallengeSession(c, pageCapture.forChallenge(c.slug), attempt.interview),
        ]),
      ),
  );
  const [activeSlug, setActiveSlug] = useState(attempt.challenges[0]?.slug ?? '');
  const [submittedHere, setSubmittedHere] = useState<ReadonlySet<string>>(new Set());
  const deadlineMs = attempt.deadlineAt === null ? null : Date.parse(attempt.deadlineAt);
  const timeUp = useDeadlinePassed(deadlineMs, offsetMs);

  useSessionLifecycle(sessions);
  useDeadlineRefresh(useCallback(() => void onReload(), [onReload]));

  useEffect(() => {
    if (!timeUp) return;
    for (const session of sessions.values()) void session.draft.flush();
    const timer = window.setTimeout(() => void onReload(), RELOAD_AFTER_DEADLINE_MS);
    return () => window.clearTimeout(timer);
  }, [timeUp, sessions, onReload]);

  const isSubmitted = (slug: string) =>
    submittedHere.has(slug) || attempt.challenges.some((c) => c.slug === slug && c.submitted);
  const allSubmitted = attempt.challenges.every((c) => isSubmitted(c.slug));
  const active = attempt.challenges.find((c) => c.slug === activeSlug) ?? attempt.challenges[0];
  const activeSession = active && sessions.get(active.slug);

  useEffect(() => pageCapture.attach(), [pageCapture]);
  // Focus and blur are recorded against the challenge shown, while it still takes events.
  const recordingSlug = active && !isSubmitted(active.slug) ? active.slug : '';
  useEffect(() => pageCapture.setActive(recordingSlug), [pageCapture, recordingSlug]);

  const switchTo = (slug: string) => {
    if (active) void sessions.get(active.slug)?.draft.flush();
    setActiveSlug(slug);
  };

  return (
    <div className="attempt-workspace">
      <header className="workspace-header">
        <span className="brand">Gauntlet</span>
        <span className="workspace-title">{attempt.assessmentTitle}</span>
        {attempt.interview && <InterviewBadge meetingUrl={attempt.interview.meetingUrl} />}
        <span className="workspace-candidate">{attempt.candidateName}</span>
        {deadlineMs !== null && <Countdown deadlineMs={deadlineMs} offsetMs={offsetMs} />}
      </header>
      {attempt.challenges.length > 1 && (
        <div className="challenge-tabs" role="tablist" aria-label="Challenges">
          {attempt.challenges.map((challenge) => (
            <button
              key={challenge.slug}
              type="button"
              role="tab"
              id={`tab-${challenge.slug}`}
              aria-selected={challenge.slug === active?.slug}
              aria-controls="challenge-panel"
              className="challenge-tab"
              onClick={() => switchTo(challenge.slug)}
            >
              {challenge.title}
              {isSubmitted(challenge.slug) && <span className="tab-submitted">submitted</span>}
            </button>
          ))}
        </div>
      )}
      {attempt.timeCredits.length > 0 && (
        <div className="notice notice-info workspace-banner" role="status">
          <ul className="time-credits" aria-label="Time added">
            {attempt.timeCredits.map((credit) => (
              <li key={credit.at}>{describeTimeCredit(credit)} Sorry for the interruption.</li>
            ))}
          </ul>
        </div>
      )}
      {allSubmitted && (
        <p className="notice notice-info workspace-banner" role="status">
          Everything is submitted. Thank you — you can close this page.
        </p>
      )}
      {active && activeSession && (
        <div
          className="challenge-panel"
          id="challenge-panel"
          {...(attempt.challenges.length > 1
            ? { role: 'tabpanel', 'aria-labelledby': `tab-${active.slug}` }
            : {})}
        >
          <ChallengeWorkspace
            key={active.slug}
            challenge={active}
            session={activeSession}
            lockedReason={
              isSubmitted(active.slug)
                ? 'You submitted this challenge; its files are read-only.'
                : timeUp
                  ? 'Time is up. Editing is closed; your last saved files are kept for review.'
                  : null
            }
            onSubmitted={() => setSubmittedHere((previous) => new Set(previous).add(active.slug))}
          />
        </div>
      )}
    </div>
  );
}

/**
 * Keeps every challenge's polling alive while the workspace is shown, saves when the page is
 * hidden, and warns before closing the page with unsaved edits.
 */
function useSessionLifecycle(sessions: ReadonlyMap<string, ChallengeSession>): void {
  useEffect(() => {
    const all = [...sessions.values()];
    for (const session of all) {
      session.grading.activate();
      session.shared?.connect();
    }
    const saveAll = () => {
      for (const session of all) void session.draft.flush();
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') saveAll();
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!all.some((session) => session.draft.hasUnsavedChanges())) return;
      saveAll();
      event.preventDefault();
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', saveAll);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      for (const session of all) {
        session.grading.deactivate();
        session.draft.pause();
        session.shared?.disconnect();
      }
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', saveAll);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [sessions]);
}
