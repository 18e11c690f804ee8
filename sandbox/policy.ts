import type Docker from 'dockerode';

/** Limits for one sandbox run. Each has a default; a request may lower one, never raise it past the host's cap. */
export interface SandboxLimits {
  /** Wall-clock time before the container is killed. */
  timeoutMs: number;
  /** Memory, with swap equal so nothing spills to disk. */
  memoryBytes: number;
  /** CPU share in units of 1e-9 CPUs. */
  nanoCpus: number;
  /** Processes and threads in the container (stops fork bombs). */
  pids: number;
  /** stdout and stderr each keep at most this many bytes; more kills the run. */
  outputBytes: number;
  /** Size of each tmpfs work folder. */
  tmpfsBytes: number;
  /** Files and folders per tmpfs (without it, 200,000 empty files fit in 4 MiB). */
  tmpfsInodes: number;
  /** Largest file a process may write. */
  fileSizeBytes: number;
  /** Open files per process. */
  openFiles: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  timeoutMs: 30_000,
  memoryBytes: 512 * 1024 * 1024,
  nanoCpus: 1_000_000_000,
  pids: 128,
  outputBytes: 1024 * 1024,
  tmpfsBytes: 64 * 1024 * 1024,
  tmpfsInodes: 4096,
  fileSizeBytes: 16 * 1024 * 1024,
  openFiles: 256,
};

/** Resolves limits by precedence: the request's values, capped by the host's, defaults elsewhere. */
export function resolveLimits(
  requested: Partial<SandboxLimits>,
  caps: Partial<SandboxLimits> = {},
): SandboxLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(limits) as (keyof SandboxLimits)[]) {
    const cap = caps[key] ?? Number.POSITIVE_INFINITY;
    const wanted = requested[key] ?? DEFAULT_LIMITS[key];
    if (!Number.isFinite(wanted) || wanted <= 0)
      throw new Error(`sandbox limit ${key} must be a positive number`);
    limits[key] = Math.min(wanted, cap);
  }
  return limits;
}

export const SANDBOX_USER = '65534:65534';
export const LABEL_SANDBOX = 'gauntlet.sandbox';
export const LABEL_JOB = 'gauntlet.job';
export const LABEL_OWNER = 'gauntlet.owner';
export const LABEL_DEADLINE = 'gauntlet.deadline';

/** A writable tmpfs folder with its own owner and mode (a live environment's data, sockets, home). */
export interface TmpfsMount {
  path: string;
  /** `uid:gid`, numeric. */
  owner: string;
  /** Octal, e.g. `0700`. */
  mode: string;
  sizeBytes: number;
}

export interface ContainerPlan {
  image: string;
  command: string[];
  env: Record<string, string>;
  /** Writable tmpfs folders besides /tmp (e.g. /workspace). */
  workDirs: string[];
  limits: SandboxLimits;
  labels: Record<string, string>;
  /** Numeric `uid:gid` to run as instead of nobody; never root (refused by `containerOptions`). */
  user?: string;
  /** Tmpfs folders with their own owner and mode; /tmp is then shared (mode 1777). */
  mounts?: TmpfsMount[];
}

const NUMERIC_USER = /^[1-9][0-9]{0,9}:[1-9][0-9]{0,9}$/;
const OCTAL_MODE = /^0?[0-7]{3,4}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const MOUNT_PATH = /^\/(?!.*\.\.)[^,:\u0000-\u001f]+$/;

/**
 * The create options every container that runs candidate input gets (DESIGN.md's policy): no
 * network at all, no capabilities, no new privileges, read-only root, size- and inode-capped tmpfs,
 * an unprivileged user, pids/memory/CPU/file limits, no logs on the host, no mounts of any kind.
 */
export function containerOptions(plan: ContainerPlan): Docker.ContainerCreateOptions {
  const { limits } = plan;
  const tmpfsOptions = `rw,noexec,nosuid,nodev,size=${limits.tmpfsBytes},nr_inodes=${limits.tmpfsInodes},uid=65534,gid=65534,mode=0700`;
  const user = plan.user ?? SANDBOX_USER;
  if (!NUMERIC_USER.test(user))
    throw new Error(`sandbox user ${user} must be a numeric uid:gid other than root`);
  const tmpfs: Record<string, string> = { '/tmp': tmpfsOptions };
  for (const dir of plan.workDirs) tmpfs[dir] = tmpfsOptions;
  if (plan.mounts) {
    // Several users share the container: /tmp is world-writable with the sticky bit, like a host's.
    tmpfs['/tmp'] = tmpfsOptions.replace(/uid=\d+,gid=\d+,mode=0700/, 'mode=1777');
    for (const mount of plan.mounts) {
      const [uid, gid] = mount.owner.split(':');
      if (!NUMERIC_USER.test(mount.owner) || !OCTAL_MODE.test(mount.mode) || !MOUNT_PATH.test(mount.path))
        throw new Error(`tmpfs mount ${mount.path} (${mount.owner}, ${mount.mode}) is not a safe mount`);
      tmpfs[mount.path] =
        `rw,noexec,nosuid,nodev,size=${mount.sizeBytes},nr_inodes=${limits.tmpfsInodes},uid=${uid},gid=${gid},mode=${mount.mode}`;
    }
  }
  return {
    Image: plan.image,
    Cmd: plan.command,
    Env: Object.entries({
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: '/tmp',
      LANG: 'C.UTF-8',
      ...plan.env,
    }).map(([k, v]) => `${k}=${v}`),
    User: user,
    WorkingDir: '/tmp',
    Labels: plan.labels,
    Tty: false,
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: 'none',
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Tmpfs: tmpfs,
      PidsLimit: limits.pids,
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      NanoCpus: limits.nanoCpus,
      Ulimits: [
        { Name: 'nofile', Soft: limits.openFiles, Hard: limits.openFiles },
        { Name: 'fsize', Soft: limits.fileSizeBytes, Hard: limits.fileSizeBytes },
        { Name: 'core', Soft: 0, Hard: 0 },
      ],
      LogConfig: { Type: 'none', Config: {} },
      Init: true,
      AutoRemove: false,
    },
  };
}
