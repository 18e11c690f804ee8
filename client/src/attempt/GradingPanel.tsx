import type { CandidateGrading } from '../../../server/contract/api.ts';
import { formatClockTime } from '../format.ts';
import { CheckResult } from './CheckResult.tsx';
import { type GradingSnapshot, isFinished } from './grading.ts';
import './GradingPanel.css';

type Diagnostic = CandidateGrading['diagnostics'][number];

interface GradingPanelProps {
  snapshot: GradingSnapshot;
  /** Why the last Run or Submit did not start (for example, the files could not be saved). */
  actionError: string | null;
  onOpenDiagnostic: (diagnostic: Diagnostic) => void;
}

function statusText(grading: CandidateGrading): string {
  switch (grading.status) {
    case 'queued':
      return 'Queued…';
    case 'running':
      return 'Running checks…';
    case 'done':
      return grading.kind === 'submit' ? 'Submitted — final result' : 'Checks finished';
    case 'superseded':
      return 'Replaced by your newer run before it started';
    case 'error':
      // A tampered run is not "not your fault": the candidate is told plainly, as staff are.
      return grading.tampering
        ? 'This run has no score: something other than the checks wrote to their output. Your reviewers see this.'
        : `We could not grade this run (not your fault): ${grading.error ?? 'the grader failed.'}`;
  }
}

/** The latest grading of a challenge: progress while it runs, then score, problems and checks. */
export function GradingPanel({ snapshot, actionError, onOpenDiagnostic }: GradingPanelProps) {
  const { grading, requesting, requestError, connectionError } = snapshot;
  const problem = actionError ?? requestError;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the results scroll; focus lets the keyboard scroll them
    <section className="grading-panel" aria-label="Check results" tabIndex={0}>
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      {requesting ? (
        <p className="grading-status" data-testid="grading-status" data-status="requesting" role="status">
          {requesting === 'submit' ? 'Submitting…' : 'Starting checks…'}
        </p>
      ) : grading ? (
        <GradingResult grading={grading} onOpenDiagnostic={onOpenDiagnostic} />
      ) : (
        <p className="grading-empty">
          Run the checks to see how your saved files do. Hidden checks run too, but report only whether they
          passed.
        </p>
      )}
      {snapshot.replacedRuns > 0 && grading && !isFinished(grading) && (
        <p className="notice" data-testid="grading-replaced" role="status">
          {grading.kind === 'submit'
            ? 'Your check run had not started yet: your submission replaces it, and only the submission is graded.'
            : 'Your earlier run had not started yet: this newer one replaces it, so only your latest files are checked.'}
        </p>
      )}
      {connectionError && grading && grading.status !== 'done' && grading.status !== 'error' && (
        <p className="notice notice-warn">
          Lost touch with the server while waiting ({connectionError}). Still trying…
        </p>
      )}
    </section>
  );
}

function GradingResult({
  grading,
  onOpenDiagnostic,
}: {
  grading: CandidateGrading;
  onOpenDiagnostic: (d: Diagnostic) => void;
}) {
  const finished = grading.status === 'done' || grading.status === 'error';
  const passed = grading.checks.filter((check) => check.passed).length;
  return (
    <>
      <div className="grading-summary">
        <p
          className={`grading-status grading-status-${grading.status}`}
          data-testid="grading-status"
          data-status={grading.status}
          role="status"
        >
          {!finished && <span className="spinner" aria-hidden="true" />}
          {statusText(grading)}
        </p>
        {grading.status === 'done' && grading.score !== null && (
          <p className="grading-score">
            <span data-testid="grading-score">{Math.round(grading.score)}</span>
            <span className="grading-score-out-of"> / 100</span>
          </p>
        )}
        {grading.status === 'done' && grading.checks.length > 0 && (
          <p className="grading-count">
            {passed} of {grading.checks.length} checks passed
          </p>
        )}
        <p className="grading-time">{formatClockTime(grading.createdAt)}</p>
      </div>
      {grading.diagnostics.length > 0 && (
        <section className="diagnostics" aria-label="Problems in your files">
          <h3>Problems in your files</h3>
          <ul>
            {grading.diagnostics.map((diagnostic, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: diagnostics have no id and never reorder.
              <li key={index}>
                <button type="button" className="diagnostic" onClick={() => onOpenDiagnostic(diagnostic)}>
                  <span className="diagnostic-location">
                    {diagnostic.file}
                    {diagnostic.line > 0 && `:${diagnostic.line}`}
                    {diagnostic.line > 0 && diagnostic.column !== undefined && `:${diagnostic.column}`}
                  </span>
                  <span className="diagnostic-message">{diagnostic.message}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {grading.checks.length > 0 && (
        <ul className="check-list">
          {grading.checks.map((check, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: hidden checks carry no id; the order is the server's.
            <CheckResult key={index} check={check} />
          ))}
        </ul>
      )}
    </>
  );
}
