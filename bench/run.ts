/**
 * npm run bench: measures, side by side in one run, the sandbox floor, the terraform-refactor
 * grader outside and inside a container, HTTP submit-to-result through the queue and a worker,
 * throughput, replay ingest and seeking, live environments, 100 candidates under load, and live
 * interviews (co-editing latency and lost edits, terminal echo to a second viewer), and similarity
 * evidence (500 submissions indexed).
 * Arguments: [rounds=20] [throughput gradings=200] [load seconds=300].
 * Writes bench/results.json and docs/benchmarks.md. Needs the Docker engine and sandbox images
 * (npm start or npm test set them up).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import path from 'node:path';
import { GRADER_NODE_FLAGS, imageTag } from '../sandbox/images/build.ts';
import { connectDocker, createSandbox, WarmPool } from '../sandbox/index.ts';
import { loadCatalogue, readTree } from '../server/challenges/load.ts';
import { loadConfig } from '../server/config.ts';
import { type GraderPool, runGrader } from '../server/grading/run-grader.ts';
import { allInSection, measureAllIn, measureFloor } from './all-in.ts';
import { childCpuMeter } from './child-cpu.ts';
import { measureEngines } from './engines.ts';
import { graderCpuSection, measureGraderCpu } from './grader-cpu.ts';
import { measureIngest } from './ingest.ts';
import {
  type CoEditingResult,
  measureCoEditing,
  measureTerminalEcho,
  type TerminalEchoResult,
} from './interviews.ts';
import { measureLiveReady } from './live-ready.ts';
import { type LoadResult, measureLoad } from './load.ts';
import { measureSeek } from './seek.ts';
import { measureSimilarity, similaritySection } from './similarity.ts';
import { type Summary, summarize } from './stats.ts';
import { measureSubmitToResult } from './submit-to-result.ts';
import { measureThroughput } from './throughput.ts';

const root = path.resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.argv[2] ?? 20);
const THROUGHPUT_COUNT = Number(process.argv[3] ?? 200);
/** Length of the load run (100 candidates autosaving and running checks), in seconds. */
const LOAD_SECONDS = Number(process.argv[4] ?? 300);
const log = (line: string) => process.stderr.write(`${line}\n`);

const docker = connectDocker(loadConfig().DOCKER_HOST);
const sandbox = createSandbox({ docker });
const catalogue = await loadCatalogue();
const challenge = catalogue.challenges.get('terraform-refactor');
if (!challenge) throw new Error('terraform-refactor is not in the catalogue');
const solution = await readTree(path.join(challenge.dir, 'solution'));
const gradeEntry = path.join(challenge.dir, 'grader', 'grade.ts');
const solutionDir = path.join(challenge.dir, 'solution');

const floor: number[] = [];
const graderOnHost: number[] = [];
const graderInSandbox: number[] = [];
const graderWarm: number[] = [];
const graderCpu: number[] = [];
const childCpuSeconds = childCpuMeter();
const pool: GraderPool = new WarmPool({ size: 1 });
log(`measuring ${ROUNDS} rounds, interleaved…`);
for (let i = 0; i < ROUNDS; i++) {
  let t = performance.now();
  const trivial = await sandbox.run({
    image: imageTag('grader-node'),
    command: ['true'],
    files: [],
    workDirs: ['/workspace'],
  });
  if (trivial.status !== 'ok') throw new Error(`trivial container failed: ${trivial.status}`);
  floor.push(performance.now() - t);

  t = performance.now();
  // The same Node flags the sandbox images use.
  execFileSync(process.execPath, [...GRADER_NODE_FLAGS, gradeEntry, solutionDir], { stdio: 'pipe' });
  graderOnHost.push(performance.now() - t);
  graderCpu.push(childCpuSeconds() * 1000);

  t = performance.now();
  const outcome = await runGrader({ sandbox, challenge, files: solution });
  if (outcome.kind !== 'judged') throw new Error(`grading failed: ${outcome.kind}`);
  graderInSandbox.push(performance.now() - t);

  // Give the pool time to have a warm grader ready, as it would between submissions.
  await new Promise((r) => setTimeout(r, 2000));
  t = performance.now();
  const warm = await runGrader({ sandbox, challenge, files: solution, pool });
  if (warm.kind !== 'judged') throw new Error(`warm grading failed: ${warm.kind}`);
  if (i > 0) graderWarm.push(performance.now() - t); // the first one starts the pool cold
}
await pool.close();
log('measuring HTTP submit-to-result, cold and pre-warmed…');
const base = { root, catalogue, docker, files: solution, rounds: ROUNDS };
const submitToResultCold = await measureSubmitToResult({ ...base, warm: false });
const submitToResultWarm = await measureSubmitToResult({ ...base, warm: true });

log('measuring throughput with 1, 2 and 4 worker processes…');
const throughput = [];
for (const [i, workers] of [1, 2, 4].entries()) {
  throughput.push(
    await measureThroughput({ root, files: solution, count: THROUGHPUT_COUNT, workers, port: 5450 + i }),
  );
}
log('measuring replay ingest (200 candidates, a batch a second for 60 s) and seeking a 45-minute attempt…');
const ingest = await measureIngest({ root, candidates: 200, seconds: 60 });
const seek = await measureSeek({ root, minutes: 45, seeks: 300 });
log('measuring time to ready of a live environment (pegged-database)…');
const liveReady = await measureLiveReady({ docker, catalogue, rounds: ROUNDS });
log('measuring live environments on two engines (this one and a second dockerd), alternating…');
const engines = await measureEngines({ docker, catalogue, rounds: ROUNDS });
log(
  `measuring load: 100 candidates autosaving every 2 s and running checks every 30 s for ${LOAD_SECONDS} s…`,
);
const load = await measureLoad({ root, candidates: 100, seconds: LOAD_SECONDS });
log('measuring live interviews: 20 interviews of 3 participants co-editing for 30 s, then terminal echo…');
const coEditing = await measureCoEditing({ root, interviews: 20, participants: 3, seconds: 30 });
const terminalEcho = await measureTerminalEcho({ root, docker, rounds: 200 });
log('measuring each graded challenge’s whole-machine CPU per grading (50 each, one worker)…');
const allIn = await measureAllIn({ root, count: 50, port: 5480 });
log('measuring the floor: CPU per fresh container running nothing, and only Node’s start (40 each)…');
const containerFloor = await measureFloor(docker, 40);
log('measuring each files challenge’s grader CPU, as written and as shipped…');
const graderCpuRows = await measureGraderCpu(ROUNDS);
log('measuring similarity evidence: 500 submissions indexed…');
const similarity = await measureSimilarity({ root, submissions: 500 });
const graderCpuSeconds = summarize(graderCpu).median / 1000;
const cpuBound = cpus().length / graderCpuSeconds;

const results = {
  measuredAt: new Date().toISOString(),
  machine: { host: hostname(), cpus: cpus().length, node: process.version },
  rounds: ROUNDS,
  unit: 'ms',
  trivialContainer: summarize(floor),
  graderOnHost: summarize(graderOnHost),
  graderInSandbox: summarize(graderInSandbox),
  graderWarm: summarize(graderWarm),
  submitToResultCold,
  submitToResultWarm,
  graderCpuSecondsMedian: graderCpuSeconds,
  throughputCpuBoundPerSecond: Math.round(cpuBound * 100) / 100,
  throughput,
  liveReady,
  liveEngines: engines,
  allIn,
  containerFloor,
  replayIngest: ingest,
  replaySeek: seek,
  load,
  liveInterviews: { coEditing, terminalEcho },
  graderCpuPerChallenge: graderCpuRows,
  similarity,
};
writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
const ratio = (a: Summary, b: Summary) => (a.median / b.median).toFixed(2);
const row = (name: string, s: Summary) =>
  `| ${name} | ${s.n} | ${s.median} | ${s.p95} | ${s.min} | ${s.max} |`;
writeFileSync(
  path.join(root, 'docs', 'benchmarks.md'),
  `# Benchmarks

Written by \`npm run bench\` on ${results.measuredAt} (${results.machine.cpus} CPUs, Node ${results.machine.node}).
All figures in milliseconds, measured interleaved in one run; this machine is shared and noisy, so
compare rows of the same run, not runs.

| measurement | n | median | p95 | min | max |
|---|---|---|---|---|---|
${row('trivial container under the sandbox policy (create → start → wait → remove)', results.trivialContainer)}
${row('terraform-refactor grader on the host, no container (node start + parse + checks)', results.graderOnHost)}
${row('terraform-refactor grader in a cold sandbox container', results.graderInSandbox)}
${row('terraform-refactor grader in a pre-warmed sandbox container', results.graderWarm)}
${row('HTTP submit → result stored, cold containers (queue + worker + sandbox), idle system', results.submitToResultCold)}
${row('HTTP submit → result stored, pre-warmed containers, idle system', results.submitToResultWarm)}

Ratios of medians: cold sandboxed grading / grader alone ${ratio(results.graderInSandbox, results.graderOnHost)}×;
pre-warmed grading / trivial container floor ${ratio(results.graderWarm, results.trivialContainer)}×;
submit-to-result cold / pre-warmed ${ratio(results.submitToResultCold, results.submitToResultWarm)}×.
The goal for submit-to-result (pre-warmed) is a median under 250 ms on this 2-core machine.

## Throughput

${THROUGHPUT_COUNT} gradings of the reference solution queued at once, then N worker processes
(\`npm run worker\`, one grading at a time each), until every result is stored. The grader alone
costs ${graderCpuSeconds.toFixed(2)} CPU-seconds (median, on the host), so ${cpus().length} cores allow at most
${cpuBound.toFixed(2)} gradings/s; the last column is the share of that bound reached.

| workers | wall s | gradings/s | machine CPU-s per grading | stored | lost | run twice | share of CPU bound |
|---|---|---|---|---|---|---|---|
${throughput.map((t) => `| ${t.workers} | ${t.wallSeconds} | ${t.perSecond} | ${t.cpuSecondsPerGrading} | ${t.recorded} | ${t.lost} | ${t.executedTwice} | ${Math.round((t.perSecond / cpuBound) * 100)} % |`).join('\n')}

## Live environments

Time to ready of a \`pegged-database\` environment, one at a time: create → start → its \`ready\` line
(the baked million-row cluster copied to tmpfs, PostgreSQL started, the workload pegging it), and
until a candidate's shell prints its first byte.

| measurement | n | median | p95 | min | max |
|---|---|---|---|---|---|
${row('live environment ready (database up and pegged)', liveReady.ready)}
${row('… and the first byte of the terminal’s shell', liveReady.firstPrompt)}

On two engines (LIVE_DOCKER_HOSTS): the same start, alternating between this machine's engine (a)
and a second dockerd on the same two cores (b, its own socket, data root and exec root).

| measurement | n | median | p95 | min | max |
|---|---|---|---|---|---|
${Object.entries(engines.ready)
  .flatMap(([slug, byEngine]) =>
    Object.entries(byEngine).map(([engine, summary]) => row(`${slug} ready on engine ${engine}`, summary)),
  )
  .join('\n')}

${replaySection(ingest, seek)}
${loadSection(load)}
${interviewsSection(coEditing, terminalEcho)}
${allInSection(allIn, containerFloor)}
${graderCpuSection(graderCpuRows)}
${similaritySection(similarity)}`,
);
log(JSON.stringify(results, null, 2));
process.exit(0);

function replaySection(i: typeof ingest, k: typeof seek): string {
  const line = (name: string, s: typeof ingest.latency) =>
    `| ${name} | ${s.n} | ${s.median} | ${s.p95} | ${s.p99} | ${s.max} |`;
  return `## Replays

${i.candidates} simulated candidates each send a batch of typing events a second for ${i.seconds} s through
\`POST /api/candidate/attempt/events\` (one batch in flight each, a failed one retried with its id):
${i.batches} batches, ${i.events} events, ${i.retries} retries, **${i.lost} events lost**, ${i.duplicated} stored twice.
Then a ${k.minutes}-minute attempt (${k.events} events, ${k.snapshots} snapshots) is recorded the same way and
the staff seek endpoint is asked for the files at ${k.seeks} random moments; ${k.wrong} answers differed
from a replay of the whole log. The goal for seeking is a p99 under 200 ms.

| measurement | n | median | p95 | p99 | max |
|---|---|---|---|---|---|
${line('ingest: one batch, HTTP round trip under load', i.latency)}
${line(`seek: files at a random moment of a ${k.minutes}-minute attempt, HTTP round trip`, k.latency)}
`;
}

function loadSection(l: LoadResult): string {
  const line = (name: string, s: Summary & { p99?: number }) =>
    `| ${name} | ${s.n} | ${s.median} | ${s.p95} | ${s.p99 ?? '–'} | ${s.max} |`;
  return `## Load

${l.candidates} simulated candidates, each autosaving its files every 2 s and pressing *Run checks* every
30 s, for ${l.seconds} s, against the real API (\`server/main.ts\`, its own process) with ${l.workers} worker
(\`server/worker-main.ts\`, ${l.workerConcurrency} gradings at a time) on the same machine: ${l.autosaves} autosaves,
${l.gradingsRequested} gradings, **${l.errors} errors** seen by a candidate, ${l.gradingErrors} gradings ended in an error,
${l.unfinished} unfinished, ${l.replaced ?? 0} replaced by the candidate's newer run before they started. Queue wait and submit-to-result are the server's own timestamps (queued → started,
queued → result stored); gradings asked for faster than the worker grades them wait in the queue.

| measurement | n | median | p95 | p99 | max |
|---|---|---|---|---|---|
${line('autosave: PUT the files, HTTP round trip under load', l.autosaveLatency)}
${line('grading: queue wait (queued → a worker starts it)', l.queueWait)}
${line('grading: submit → result stored', l.submitToResult)}
`;
}

function interviewsSection(c: CoEditingResult, t: TerminalEchoResult): string {
  const line = (name: string, s: CoEditingResult['latency']) =>
    `| ${name} | ${s.n} | ${s.median} | ${s.p95} | ${s.p99} | ${s.max} |`;
  return `## Live interviews

${c.interviews} interviews of ${c.participants} participants each (the candidate and ${c.participants - 1} interviewers, each a Node
Hocuspocus provider on the real shared-document socket \`/api/collab\`, the API in its own process) type a
unique marker at a random place of \`main.tf\` every 150–250 ms for ${c.seconds} s: ${c.markersSent} markers,
**${c.lost} lost** from a participant's copy, **${c.lostInSavedFiles} lost** from the saved files, ${c.disconnects} dropped
connections; every copy ${c.converged ? 'converged' : '**did not converge**'}. Edit → visible is the time from one participant's insert to another's
copy showing it (one process clock), once per marker and other participant (${c.sightingsExpected} expected). While
typing, the API used ${c.apiCpuSeconds} CPU-s and the load generator ${c.generatorCpuSeconds} CPU-s of ${c.cpus} CPUs, the machine was
${Math.round(c.machineBusy * 100)} % busy (load average ${c.loadBefore[0]} before, ${c.loadAfter[0]} after), and a 10 ms timer on each event loop
fired after ${c.apiLoopDelay.p99} ms (API) and ${c.generatorLoopDelay.p99} ms (generator) at p99; p95 per 5 s: ${c.p95Every5s.join(', ')}. Terminal echo: ${t.rounds} single keys typed by the candidate on a
\`bad-gateway\` environment's shared terminal, timed from the key sent on the candidate's socket to its
echo on an interviewer's; ${t.lost} never arrived. The goal is a p95 under 150 ms on loopback and no lost edit.

| measurement | n | median | p95 | p99 | max |
|---|---|---|---|---|---|
${line('shared document: edit → visible in another participant’s copy', c.latency)}
${line('shared terminal: key → its echo on the interviewer’s socket', t.toViewer)}
${line('… and on the candidate’s own socket', t.toTyper)}
`;
}
