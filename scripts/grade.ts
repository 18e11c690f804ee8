/**
 * The challenge author's tool: grades a folder of files with a challenge's grader through the same
 * sandbox path the platform uses, and prints one JSON document.
 *
 *   npm run grade -- <challenge slug or folder> <submission folder>
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureImage } from '../sandbox/images/build.ts';
import { connectDocker, createSandbox } from '../sandbox/index.ts';
import { loadChallenge, readTree } from '../server/challenges/load.ts';
import { loadConfig } from '../server/config.ts';
import { saveFilesRequestSchema } from '../server/contract/api.ts';
import { describeZodError } from '../server/errors.ts';
import { runGrader } from '../server/grading/run-grader.ts';

const projectRoot = path.resolve(import.meta.dirname, '..');

interface CliResult {
  score: number;
  checks: { id: string; dimension: string; passed: boolean; score: number; message: string }[];
  diagnostics?: { file: string; line: number; message: string }[];
  error?: string;
}

function fail(message: string): never {
  process.stdout.write(
    `${JSON.stringify({ score: 0, checks: [], error: message } satisfies CliResult, null, 2)}\n`,
  );
  process.exit(2);
}

const [challengeArg, submissionArg] = process.argv.slice(2);
if (!challengeArg || !submissionArg)
  fail('usage: npm run grade -- <challenge slug or folder> <submission folder>');

const challengeDir = existsSync(path.join(challengeArg, 'challenge.yaml'))
  ? path.resolve(challengeArg)
  : path.join(projectRoot, 'challenges', challengeArg);
if (!existsSync(submissionArg) || !statSync(submissionArg).isDirectory()) {
  fail(`submission folder ${submissionArg} does not exist`);
}

try {
  const config = loadConfig();
  const challenge = await loadChallenge(challengeDir);
  const parsed = saveFilesRequestSchema.safeParse({
    files: await readTree(path.resolve(submissionArg), 1000),
  });
  if (!parsed.success) fail(`the submission is not acceptable: ${describeZodError(parsed.error)}`);
  const docker = connectDocker(config.DOCKER_HOST);
  await ensureImage(challenge.manifest.sandbox.image, {
    docker,
    projectRoot,
    nodeBinary: process.execPath,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  const outcome = await runGrader({
    sandbox: createSandbox({ docker }),
    challenge,
    files: parsed.data.files,
  });
  if (outcome.kind !== 'judged') fail(`grader error: ${outcome.error}`);
  const result: CliResult = {
    score: outcome.score,
    checks: outcome.checks.map(({ id, dimension, passed, score, message }) => ({
      id,
      dimension,
      passed,
      score,
      message,
    })),
    ...(outcome.diagnostics.length > 0 ? { diagnostics: outcome.diagnostics } : {}),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
