/**
 * npm run bench: measures, side by side in one run, the sandbox floor, the terraform-refactor
 * grader outside and inside a container, and HTTP submit-to-result through the queue and a worker.
 * Writes bench/results.json and docs/benchmarks.md. Needs the Docker engine and sandbox images
 * (npm start or npm test set them up).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import path from 'node:path';
import { imageTag } from '../sandbox/images/build.ts';
import { connectDocker, createSandbox } from '../sandbox/index.ts';
import { loadCatalogue, readTree } from '../server/challenges/load.ts';
import { loadConfig } from '../server/config.ts';
import { runGrader } from '../server/grading/run-grader.ts';
import { type Summary, summarize } from './stats.ts';
import { measureSubmitToResult } from './submit-to-result.ts';

const root = path.resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.argv[2] ?? 20);
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
  execFileSync(process.execPath, [gradeEntry, solutionDir], { stdio: 'pipe' });
  graderOnHost.push(performance.now() - t);

  t = performance.now();
  const outcome = await runGrader({ sandbox, challenge, files: solution });
  if (outcome.kind !== 'judged') throw new Error(`grading failed: ${outcome.kind}`);
  graderInSandbox.push(performance.now() - t);
}
log('measuring HTTP submit-to-result…');
const submitToResult = await measureSubmitToResult({
  root,
  catalogue,
  docker,
  files: solution,
  rounds: ROUNDS,
});

const results = {
  measuredAt: new Date().toISOString(),
  machine: { host: hostname(), cpus: cpus().length, node: process.version },
  rounds: ROUNDS,
  unit: 'ms',
  trivialContainer: summarize(floor),
  graderOnHost: summarize(graderOnHost),
  graderInSandbox: summarize(graderInSandbox),
  submitToResult,
};
writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
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
${row('HTTP submit → result stored (queue + worker + sandbox), idle system', results.submitToResult)}

Ratio of sandboxed grading to the grader alone: ${(results.graderInSandbox.median / results.graderOnHost.median).toFixed(2)}×.
`,
);
log(JSON.stringify(results, null, 2));
process.exit(0);
