import { createHash, randomBytes } from 'node:crypto';
import { imageTag } from '../../sandbox/images/build.ts';
import type { Sandbox, SandboxRunResult, WarmPool, WarmSandbox } from '../../sandbox/index.ts';
import type { Challenge } from '../challenges/load.ts';
import { graderOutputSchema } from '../challenges/schema.ts';
import { isRenderedVariant } from '../challenges/variants.ts';
import type { WorkspaceFile } from '../contract/api.ts';
import { weightedScore } from '../scoring/score.ts';
import type { GradingOutcome, StoredCheckResult } from '../scoring/types.ts';
import { type ShippedPackage, shipPackage } from './ship-grader.ts';

export interface RunGraderInput {
  sandbox: Sandbox;
  challenge: Challenge;
  files: WorkspaceFile[];
  jobId?: string;
  signal?: AbortSignal;
  /** Pre-warmed graders; used when the challenge declares `sandbox.warm`. */
  pool?: GraderPool;
}

interface WarmGrader extends WarmSandbox {
  marker: string;
}
export type GraderPool = WarmPool<WarmGrader>;

/** How long a pre-warmed grader may wait for a submission before it is replaced. */
const MAX_IDLE_MS = 5 * 60_000;

export const newMarker = () => `GAUNTLET_VERDICT_${randomBytes(12).toString('hex')}:`;
const workDirs = (challenge: Challenge) =>
  challenge.libraries.length > 0 ? ['/workspace', '/grader', '/_lib'] : ['/workspace', '/grader'];
const limitsOf = ({ manifest }: Challenge) => ({
  timeoutMs: manifest.sandbox.timeoutSeconds * 1000,
  memoryBytes: manifest.sandbox.memoryMb * 1024 * 1024,
});
const shipped = new WeakMap<Challenge, ShippedPackage>();
/** The grader and its libraries as the sandbox gets them (TypeScript stripped once: ship-grader.ts). */
function graderPackage(challenge: Challenge): ShippedPackage {
  let ready = shipped.get(challenge);
  if (!ready) {
    ready = shipPackage([
      ...challenge.grader.map((f) => ({ path: `grader/${f.path}`, content: f.content })),
      // Mirrors the repository: /grader/../../_lib is /_lib, as challenges/<slug>/grader/../../_lib is challenges/_lib.
      ...challenge.libraries.map((f) => ({ path: `_lib/${f.path}`, content: f.content })),
    ]);
    shipped.set(challenge, ready);
  }
  return ready;
}
const graderFiles = (challenge: Challenge) => graderPackage(challenge).files;
/** The manifest's command with its grader paths where the shipped package has them. */
const graderCommand = (challenge: Challenge) =>
  challenge.manifest.sandbox.command.map((arg) =>
    /^\/(grader|_lib)\//.test(arg) ? graderPackage(challenge).pathOf(arg) : arg,
  );
const asWorkspace = (files: WorkspaceFile[]) =>
  files.map((f) => ({ path: `workspace/${f.path}`, content: f.content }));

/**
 * Starts a grader container that loads the grader and, unless the challenge turns it off, warms
 * it up on the public starter files.
 */
export async function startWarmGrader(sandbox: Sandbox, challenge: Challenge): Promise<WarmGrader> {
  const warm = challenge.manifest.sandbox.warm;
  if (!warm) throw new Error(`${challenge.manifest.slug} declares no sandbox.warm entry`);
  const marker = newMarker();
  const prepared = await sandbox.prepare({
    image: imageTag(challenge.manifest.sandbox.image),
    command: ['node', '/opt/gauntlet/harness.mjs'],
    workDirs: workDirs(challenge),
    env: {
      GAUNTLET_VERDICT_MARKER: marker,
      GAUNTLET_ENTRY: graderPackage(challenge).pathOf(`/grader/${warm.module}`),
      GAUNTLET_EXPORT: warm.export,
      GAUNTLET_WARM_UP: warm.warmUp ? '1' : '0',
    },
    limits: limitsOf(challenge),
    // The warm-up frame is always sent (empty without a warm-up), so the harness reads one protocol.
    setup: [graderFiles(challenge), warm.warmUp ? asWorkspace(challenge.starter) : []],
    maxIdleMs: MAX_IDLE_MS,
    jobId: `warm:${challenge.manifest.slug}`,
  });
  return Object.assign(prepared, { marker });
}

/** The pool key: a changed package (another grader) never reuses a container warmed for the old one. */
const poolKey = (challenge: Challenge) =>
  `${challenge.manifest.slug}:${createHash('sha256')
    .update(JSON.stringify([challenge.grader, challenge.libraries, challenge.starter]))
    .digest('hex')
    .slice(0, 16)}`;

/**
 * Grades a set of files with the challenge's grader in a sandbox: a pre-warmed one when the
 * challenge supports it and the pool has one ready, a cold one otherwise. The verdict is the one stdout
 * line that starts with a fresh random marker, so nothing else printed can pose as it; any breach
 * of the grader contract is a grader error, never the candidate's fail.
 */
export async function runGrader(input: RunGraderInput): Promise<GradingOutcome> {
  const { sandbox, challenge, files, jobId, signal, pool } = input;
  const grader =
    // A seed's variant grades cold: a pool per variant would keep containers warm for one candidate.
    pool && challenge.manifest.sandbox.warm && !isRenderedVariant(challenge)
      ? pool.take(poolKey(challenge), () => startWarmGrader(sandbox, challenge))
      : undefined;
  if (grader) {
    const result = await grader.run(asWorkspace(files), signal ? { signal } : {});
    return judge(challenge, result, grader.marker);
  }
  const marker = newMarker();
  const result = await sandbox.run({
    image: imageTag(challenge.manifest.sandbox.image),
    command: graderCommand(challenge),
    files: [...asWorkspace(files), ...graderFiles(challenge)],
    workDirs: workDirs(challenge),
    env: { GAUNTLET_VERDICT_MARKER: marker },
    limits: limitsOf(challenge),
    ...(jobId ? { jobId } : {}),
    ...(signal ? { signal } : {}),
  });
  return judge(challenge, result, marker);
}

/** Grades in a freshly pre-warmed sandbox (what a pooled one does), without the pool. */
export async function runWarmGrader(
  sandbox: Sandbox,
  challenge: Challenge,
  files: WorkspaceFile[],
): Promise<GradingOutcome> {
  const grader = await startWarmGrader(sandbox, challenge);
  return judge(challenge, await grader.run(asWorkspace(files)), grader.marker);
}

/** Turns a sandbox run into a judgement, or a grader error naming the breach of the contract. */
export function judge(challenge: Challenge, result: SandboxRunResult, marker: string): GradingOutcome {
  const { manifest } = challenge;
  const head = (text: string) => text.trim().split('\n').slice(0, 8).join('\n').slice(0, 1000);
  switch (result.status) {
    case 'error':
      return { kind: 'infrastructure_error', error: result.errorMessage ?? 'the sandbox failed' };
    case 'timeout':
      return {
        kind: 'grader_error',
        error: `the grader ran past its ${manifest.sandbox.timeoutSeconds} s limit`,
        wallMs: result.wallMs,
      };
    case 'memory_limit':
      return {
        kind: 'grader_error',
        error: `the grader ran out of its ${manifest.sandbox.memoryMb} MiB of memory`,
        wallMs: result.wallMs,
      };
    case 'output_limit':
      return {
        kind: 'grader_error',
        error: 'the grader printed more than the output limit',
        wallMs: result.wallMs,
      };
    case 'ok':
      break;
  }
  const verdicts = result.stdout.split('\n').filter((l) => l.startsWith(marker));
  if (verdicts.length > 1) {
    // The grader prints exactly one verdict line; a second one can only come from something
    // else writing to its output (a candidate's process on a live system). Never a score.
    return {
      kind: 'grader_error',
      error: `tampering suspected: the check's output held ${verdicts.length} verdict lines where the grader prints one, so something else wrote to it; no score is given`,
      wallMs: result.wallMs,
      tampering: true,
    };
  }
  const line = verdicts[0];
  if (line === undefined) {
    return {
      kind: 'grader_error',
      error: `the grader exited ${result.exitCode} without a verdict: ${head(result.stderr) || head(result.stdout) || 'no output'}`,
      wallMs: result.wallMs,
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(line.slice(marker.length));
  } catch {
    return {
      kind: 'grader_error',
      error: 'the grader printed a verdict that is not JSON',
      wallMs: result.wallMs,
    };
  }
  const parsed = graderOutputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      kind: 'grader_error',
      error: `the grader's verdict breaks the contract at ${issue?.path.join('.') || 'top level'}: ${issue?.message}`,
      wallMs: result.wallMs,
    };
  }
  const byId = new Map(parsed.data.checks.map((c) => [c.id, c]));
  const unknown = parsed.data.checks
    .filter((c) => !manifest.checks.some((d) => d.id === c.id))
    .map((c) => c.id);
  const missing = manifest.checks.filter((d) => !byId.has(d.id)).map((d) => d.id);
  if (unknown.length > 0 || missing.length > 0 || byId.size !== parsed.data.checks.length) {
    const parts = [
      missing.length ? `missing ${missing.join(', ')}` : '',
      unknown.length ? `unknown ${unknown.join(', ')}` : '',
      byId.size !== parsed.data.checks.length ? 'a check reported twice' : '',
    ];
    return {
      kind: 'grader_error',
      error: `the grader's checks do not match challenge.yaml: ${parts.filter(Boolean).join('; ')}`,
      wallMs: result.wallMs,
    };
  }
  const checks: StoredCheckResult[] = manifest.checks.flatMap((d) => {
    const verdict = byId.get(d.id);
    if (!verdict) return []; // unreachable: missing ids were refused above
    return {
      id: d.id,
      title: d.title,
      dimension: d.dimension,
      weight: d.weight,
      visible: d.visible,
      covers: d.covers,
      passed: verdict.passed,
      score: verdict.score,
      message: verdict.message,
      evidence: verdict.evidence ?? [],
    };
  });
  return {
    kind: 'judged',
    checks,
    diagnostics: parsed.data.diagnostics ?? [],
    score: weightedScore(checks) ?? 0,
    wallMs: result.wallMs,
  };
}
