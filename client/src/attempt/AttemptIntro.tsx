import { useEffect, useState } from 'react';
import type { CandidateAttempt } from '../../../server/contract/api.ts';
import { errorMessage, startAttempt } from '../api.ts';
import { Markdown } from '../components/Markdown.tsx';
import { preloadCodeEditor } from '../editor/LazyCodeEditor.tsx';
import { plural } from '../format.ts';
import { PracticePanel } from './PracticePanel.tsx';
import { RequirementList } from './RequirementList.tsx';
import { SystemCheck } from './SystemCheck.tsx';
import './AttemptIntro.css';

interface AttemptIntroProps {
  attempt: CandidateAttempt;
  onStarted: (attempt: CandidateAttempt) => void;
}

/** Before the clock starts: what the assessment holds, how long it takes, and the Start button. */
export function AttemptIntro({ attempt, onStarted }: AttemptIntroProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Fetch the editor while the candidate reads, so it is there the moment they start.
  useEffect(preloadCodeEditor, []);

  const start = async () => {
    setPending(true);
    setError(null);
    try {
      onStarted(await startAttempt());
    } catch (caught) {
      setError(errorMessage(caught));
      setPending(false);
    }
  };

  return (
    <main className="attempt-intro">
      <header className="intro-header">
        <p className="brand">Gauntlet</p>
        <h1>{attempt.assessmentTitle}</h1>
        <p className="intro-lead">
          Hello {attempt.candidateName}. This assessment has {plural(attempt.challenges.length, 'challenge')}{' '}
          and a time limit of <strong>{plural(attempt.timeLimitMinutes, 'minute')}</strong>. The clock starts
          when you press Start and keeps running if you close the page; your work is saved as you type.
        </p>
        <p className="intro-lead">
          Before you start, check your setup below and, if you like, try the practice: it is untimed, and
          nothing you do in it is recorded, scored or shown to anyone.
        </p>
      </header>
      <SystemCheck />
      <PracticePanel />
      {attempt.challenges.map((challenge) => (
        <article key={challenge.slug} className="panel intro-challenge" data-testid="brief">
          <h2>{challenge.title}</h2>
          <p className="intro-summary">{challenge.summary}</p>
          <Markdown source={challenge.brief} />
          <h3>Requirements</h3>
          <RequirementList requirements={challenge.requirements} />
        </article>
      ))}
      <div className="intro-start">
        {error && (
          <p className="notice notice-error" role="alert">
            Could not start: {error}
          </p>
        )}
        <button
          type="button"
          className="button button-primary intro-start-button"
          onClick={start}
          disabled={pending}
          data-testid="start-attempt"
        >
          {pending ? 'Starting…' : `Start — ${plural(attempt.timeLimitMinutes, 'minute')} on the clock`}
        </button>
      </div>
    </main>
  );
}
