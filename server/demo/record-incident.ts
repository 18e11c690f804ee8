/**
 * Records the demo's on-call session (incident-session.ts) on a real bad-gateway environment, into
 * incident-recording.json beside this file, so `npm start` seeds a live-incident candidate without
 * starting anything. It starts the environment as the platform does, opens the candidate's shell,
 * types each command at a typist's pace, stores the terminal's input and output as the live
 * terminal's recorder appends them, and runs the real checks at each check run and the submission.
 * The reading pauses between commands are the script's, not waited for. Needs the Docker engine:
 *   node server/demo/record-incident.ts
 * Run it again when the challenge or the script changes (test/sandbox/demo-incident.test.ts says when).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { connectDocker, createLiveEnvironments, type Shell } from '../../sandbox/index.ts';
import { loadCatalogue } from '../challenges/load.ts';
import { runLiveChecks } from '../live/checks.ts';
import { environmentKey } from '../live/manager.ts';
import { liveStartRequest } from '../live/start-request.ts';
import { createTerminalRecorder } from '../live/terminal-recorder.ts';
import {
  INCIDENT_RECORDING,
  type IncidentRecording,
  SHELL_SIZE,
  shownText,
  verdictOf,
} from './incident-recording.ts';
import { badGatewaySession, INCIDENT_SLUG, type OnCallDesk } from './incident-session.ts';
import { filesKey, randomFrom, SessionWriter } from './session.ts';

const catalogue = await loadCatalogue();
const challenge = catalogue.challenges.get(INCIDENT_SLUG);
const live = challenge?.manifest.live;
if (!challenge || !live) throw new Error(`${INCIDENT_SLUG} is not in the catalogue`);
const environments = createLiveEnvironments(connectDocker(process.env.DOCKER_HOST), {
  scope: 'demo-recorder',
});
const key = environmentKey(randomUUID(), INCIDENT_SLUG);
const started = await environments.start(
  liveStartRequest(challenge, key, new Date(Date.now() + 60 * 60_000), 30),
);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

try {
  const editor = new SessionWriter(INCIDENT_SLUG, challenge.starter, 'demo/incident');
  // The page loads, asks for the environment, and opens the terminal once it is ready.
  editor.pause(3_000, 8_000).advance(started.readyMs);
  const shell: Shell = await environments.openShell({
    containerId: started.containerId,
    user: live.shell.user,
    command: live.shell.command,
    workingDir: live.shell.workingDir,
    ...SHELL_SIZE,
  });
  let recorder: ReturnType<typeof createTerminalRecorder> | undefined;
  let shown = '';
  shell.stream.on('data', (chunk: Buffer) => {
    recorder?.output(chunk);
    shown += chunk.toString('utf8');
  });

  /** A stretch of terminal work in real time: its flushes are stamped on the session's clock. */
  async function inTerminal(work: () => Promise<void>) {
    const base = editor.elapsedMs;
    const realBase = performance.now();
    const stamp = () => Math.round(base + performance.now() - realBase);
    recorder = createTerminalRecorder(
      async (events) => {
        const chunks = events.flatMap((e) => (e.kind === 'terminal' ? [e.payload] : []));
        editor.steps.push({ atMs: stamp(), kind: 'terminal', chunks });
      },
      (error) => {
        throw error;
      },
    );
    await work();
    await recorder.close();
    recorder = undefined;
    editor.advance(performance.now() - realBase);
  }

  async function untilPrompt(timeoutMs = 20_000) {
    const until = Date.now() + timeoutMs;
    while (!/sre@web-1:[^\n]*\$ $/.test(shownText(shown))) {
      if (Date.now() > until)
        throw new Error(`no prompt; the terminal shows:\n${shownText(shown).slice(-800)}`);
      await sleep(50);
    }
    await sleep(300);
  }

  const typing = randomFrom('demo/incident/typing');
  const checks = async () => {
    const outcome = await runLiveChecks({ environments, challenge, files: editor.currentFiles(), key });
    const step = editor.steps.at(-1);
    if (outcome.kind !== 'judged' || (step?.kind !== 'run' && step?.kind !== 'submit'))
      throw new Error(`the checks did not judge: ${JSON.stringify(outcome)}`);
    step.verdict = verdictOf(outcome);
    const failed = outcome.checks.filter((c) => !c.passed).map((c) => c.id);
    process.stdout.write(`${step.kind} @${Math.round(step.atMs / 1000)} s: failed [${failed.join(', ')}]\n`);
  };

  const desk: OnCallDesk = {
    editor,
    async shell(line, thinkMs = [2_000, 6_000]) {
      editor.pause(thinkMs[0], thinkMs[1]);
      await inTerminal(async () => {
        shown = '';
        for (const char of line) {
          // Now and then a slip, noticed and erased.
          if (/[a-z]/.test(char) && typing() < 0.008) {
            recorder?.input(Buffer.from('x'));
            shell.stream.write('x');
            await sleep(250 + typing() * 300);
            recorder?.input(Buffer.from('\x7f'));
            shell.stream.write('\x7f');
          }
          await sleep(60 + typing() * 140);
          recorder?.input(Buffer.from(char));
          shell.stream.write(char);
        }
        await sleep(200 + typing() * 400);
        recorder?.input(Buffer.from('\r'));
        shell.stream.write('\r');
        await untilPrompt();
        process.stdout.write(`$ ${line}\n`);
      });
    },
    async run() {
      editor.run();
      await checks();
    },
    async submit() {
      editor.submit();
      await checks();
    },
  };

  await inTerminal(() => untilPrompt());
  await badGatewaySession(desk);
  shell.close();
  const recording: IncidentRecording = {
    slug: INCIDENT_SLUG,
    starterKey: filesKey(INCIDENT_SLUG, challenge.starter),
    readyMs: started.readyMs,
    steps: editor.steps,
  };
  const file = path.join(import.meta.dirname, INCIDENT_RECORDING);
  writeFileSync(file, `${JSON.stringify(recording, null, 2)}\n`);
  // In the layout the format check (biome) wants, so the file passes `npm test` as written.
  execFileSync(path.join(import.meta.dirname, '../../node_modules/.bin/biome'), ['format', '--write', file]);
  const last = recording.steps.at(-1)?.atMs ?? 0;
  process.stdout.write(`recorded ${recording.steps.length} steps over ${Math.round(last / 60_000)} min\n`);
} finally {
  await environments.destroy(started.containerId);
}
