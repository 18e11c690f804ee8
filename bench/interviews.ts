/**
 * Live interviews, measured on the real sockets:
 * - co-editing: N interviews of 3 participants (the candidate and two interviewers), each a Node
 *   Hocuspocus provider typing a unique marker into main.tf every ~200 ms; the time from one
 *   participant's insert to another participant's copy showing it (edit-to-remote-visible latency),
 *   and whether every marker reached every copy and the saved files (lost edits). The API serves the
 *   shared documents in its own process (bench/interview-api.ts), so this load does not slow it.
 * - terminal echo: the candidate types single keys into a live environment's shared terminal; the
 *   time from the key sent on the candidate's socket to its echo arriving on the interviewer's.
 * Run alone: `node bench/interviews.ts [interviews=20] [seconds=30] [rounds=200]`, which prints the
 * figures as JSON and, for the default size only, writes bench/interviews.json (needs the Docker engine
 * and the live-web image). The measurements live in bench/interview-coediting.ts and bench/interview-echo.ts.
 */
import { writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import path from 'node:path';
import { measureCoEditing } from './interview-coediting.ts';
import { measureTerminalEcho } from './interview-echo.ts';

export { type CoEditingResult, measureCoEditing } from './interview-coediting.ts';
export { measureTerminalEcho, type TerminalEchoResult } from './interview-echo.ts';
export { type LoopDelay, loopSummary } from './loop-delay.ts';

if (import.meta.main) {
  const root = path.resolve(import.meta.dirname, '..');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const interviews = Number(process.argv[2] ?? 20);
  const seconds = Number(process.argv[3] ?? 30);
  const rounds = Number(process.argv[4] ?? 200);
  // Only a run of the default size replaces the committed figures; a shorter one just prints.
  const defaultRun = interviews === 20 && seconds === 30 && rounds === 200;
  log(`co-editing: ${interviews} interviews of 3 participants typing for ${seconds} s…`);
  const coEditing = await measureCoEditing({ root, interviews, seconds });
  log(`terminal echo: ${rounds} keys from the candidate to an interviewer's socket…`);
  const terminalEcho = await measureTerminalEcho({ root, rounds });
  const result = {
    measuredAt: new Date().toISOString(),
    machine: { host: hostname(), cpus: cpus().length, node: process.version },
    unit: 'ms',
    coEditing,
    terminalEcho,
  };
  if (defaultRun)
    writeFileSync(path.join(root, 'bench', 'interviews.json'), `${JSON.stringify(result, null, 2)}\n`);
  else log('not the default size: bench/interviews.json left as it was');
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}
