import { useCallback, useEffect, useState } from 'react';
import { type CheckLine, overallVerdict, runSystemCheck, type Verdict } from './systemCheck.ts';
import './SystemCheck.css';

const VERDICT_TEXT: Record<Verdict, string> = { ok: 'OK', warning: 'Warning', fail: 'Fails' };
const SUMMARY: Record<Verdict, string> = {
  ok: 'Everything works: your browser, screen and connection are ready for the assessment.',
  warning: 'It works, with a warning below: read what to do before you start.',
  fail: 'Something fails: fix it before you start (what to do is below each failing line).',
};

/**
 * Before the clock: a real WebSocket to the server, the round trip a keystroke in the terminal
 * would take, the browser and the window against what the workspace needs, each with a verdict and
 * what to do when it is not OK. Runs once on its own; the candidate may run it again.
 */
export function SystemCheck() {
  const [lines, setLines] = useState<CheckLine[] | null>(null);
  const [running, setRunning] = useState(false);

  const run = useCallback(async () => {
    setRunning(true);
    try {
      setLines(await runSystemCheck());
    } finally {
      setRunning(false);
    }
  }, []);
  useEffect(() => {
    void run();
  }, [run]);

  const overall = lines ? overallVerdict(lines) : null;
  return (
    <section className="panel system-check" aria-labelledby="system-check-title" data-testid="system-check">
      <div className="system-check-header">
        <h2 id="system-check-title">System check</h2>
        <button
          type="button"
          className="button button-small"
          onClick={() => void run()}
          disabled={running}
          data-testid="system-check-run"
        >
          {running ? 'Checking…' : 'Check again'}
        </button>
      </div>
      <p
        className="system-check-summary"
        role="status"
        data-testid="system-check-summary"
        data-verdict={overall ?? 'running'}
      >
        {overall === null || running ? 'Checking your browser, screen and connection…' : SUMMARY[overall]}
      </p>
      {lines && (
        <ul className="system-check-lines">
          {lines.map((line) => (
            <li
              key={line.id}
              className="system-check-line"
              data-testid={`system-check-${line.id}`}
              data-verdict={line.verdict}
            >
              <span className={`system-check-verdict verdict-${line.verdict}`}>
                {VERDICT_TEXT[line.verdict]}
              </span>
              <span className="system-check-label">{line.label}</span>
              <span className="system-check-measured">{line.measured}</span>
              {line.advice && <p className="system-check-advice">{line.advice}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
