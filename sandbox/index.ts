export { assertSafePath, buildArchive, type SandboxFile, SandboxInputError } from './archive.ts';
export { prioritisePlatform } from './cpu-priority.ts';
export { connectDocker, dockerAnswers, isLocalEngine } from './docker.ts';
export {
  createLiveEnvironments,
  type ExecResult,
  LABEL_LIVE,
  LABEL_LIVE_SCOPE,
  type LiveEnvironments,
  LiveStartError,
  type LiveStartRequest,
  type Shell,
} from './live.ts';
export { DEFAULT_LIMITS, LABEL_JOB, LABEL_SANDBOX, resolveLimits, type SandboxLimits } from './policy.ts';
export { reapSandboxes, startReaping } from './reap.ts';
export {
  createSandbox,
  defaultOwner,
  type Sandbox,
  type SandboxRunRequest,
  type SandboxRunResult,
  type WarmRequest,
  type WarmSandbox,
} from './run.ts';
export { WarmPool } from './warm-pool.ts';
