import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { imageTag } from '../../sandbox/images/build.ts';
import { createSandbox, type Sandbox, type SandboxRunRequest } from '../../sandbox/index.ts';
import { expectNoContainerLeft, requireDocker } from '../support/docker.ts';

let docker: Docker;
let sandbox: Sandbox;
const IMAGE = imageTag('grader-node');

beforeAll(async () => {
  docker = await requireDocker();
  sandbox = createSandbox({ docker });
});

/** Runs a shell script in the sandbox and checks that its container is gone afterwards. */
async function sh(script: string, extra: Partial<SandboxRunRequest> = {}) {
  const jobId = randomUUID();
  const result = await sandbox.run({
    image: IMAGE,
    command: ['sh', '-c', script],
    files: [],
    workDirs: ['/workspace'],
    jobId,
    ...extra,
  });
  await expectNoContainerLeft(docker, jobId);
  return result;
}

describe('the sandbox runner', () => {
  it('places the files and runs as an unprivileged user', async () => {
    const result = await sh('cat /workspace/dir/hello.txt; id -u', {
      files: [{ path: 'workspace/dir/hello.txt', content: 'hello from the host\n' }],
    });
    expect(result).toMatchObject({ status: 'ok', exitCode: 0, stdout: 'hello from the host\n65534\n' });
  });

  it('reports a non-zero exit as data, with stderr kept apart', async () => {
    const result = await sh('echo out; echo err >&2; exit 3');
    expect(result).toMatchObject({ status: 'ok', exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  // Attack: reach the network (the platform database, the metadata service). Only loopback exists.
  it('has no network interface but loopback and no route', async () => {
    const result = await sh('ls /sys/class/net; echo ---; tail -n +2 /proc/net/route | wc -l');
    expect(result.stdout).toBe('lo\n---\n0\n');
  });

  // Attack: use capabilities or setuid binaries to gain root powers.
  it('runs with no capabilities and no new privileges', async () => {
    const result = await sh('grep -E "^(CapEff|CapPrm|NoNewPrivs)" /proc/self/status');
    expect(result.stdout).toContain('CapEff:\t0000000000000000');
    expect(result.stdout).toContain('CapPrm:\t0000000000000000');
    expect(result.stdout).toContain('NoNewPrivs:\t1');
  });

  // Attack: plant files in the image or take over Docker through its socket.
  it('has a read-only root and no Docker socket', async () => {
    const result = await sh('touch /usr/evil 2>&1; ls /var/run/docker.sock /run/docker.sock 2>&1; echo done');
    expect(result.stdout).toMatch(/Read-only file system/);
    expect(result.stdout).toMatch(/No such file or directory/);
  });

  // Attack: spin forever. Our own timer kills it (dockerode's timeouts do not).
  it('kills a run at its wall-clock limit', async () => {
    const result = await sh('while :; do :; done', { limits: { timeoutMs: 1500 } });
    expect(result.status).toBe('timeout');
    expect(result.wallMs).toBeLessThan(5000);
  });

  // Attack: flood stdout to exhaust the worker's memory. The sink keeps at most the cap.
  it('caps a flood of output and stops the run', async () => {
    const result = await sh('yes flood', { limits: { outputBytes: 64 * 1024 } });
    expect(result.status).toBe('output_limit');
    expect(result.stdout.length).toBeLessThanOrEqual(64 * 1024);
  });

  // Attack: allocate until the host swaps. Memory equals memory+swap, so the kernel kills it.
  it('ends a memory bomb with memory_limit', async () => {
    const result = await sh('node -e "const a=[]; for(;;) a.push(Buffer.alloc(1<<20, 1))"', {
      limits: { memoryBytes: 64 * 1024 * 1024, timeoutMs: 20_000 },
    });
    expect(result.status).toBe('memory_limit');
  });

  // Attack: fork bomb. The pids limit stops it spreading; the wall clock ends it.
  // Node catches the failed forks (dash would give up at the first), so we can count what started.
  it('caps the number of processes at the pids limit', async () => {
    const spawnMany =
      "const { spawn } = require('node:child_process'); let started = 0;" +
      "for (let i = 0; i < 100; i++) { const c = spawn('sleep', ['30']); c.on('error', () => {}); if (c.pid) started++; }" +
      'console.log(started); process.exit(0);';
    const result = await sh(`node -e "${spawnMany}"`, { limits: { pids: 32, timeoutMs: 10_000 } });
    const started = Number(result.stdout.trim());
    expect(started).toBeGreaterThan(0);
    expect(started).toBeLessThan(32);
  });

  it('contains a fork bomb', async () => {
    const result = await sh('bomb() { bomb | bomb & }; bomb; sleep 5', {
      limits: { timeoutMs: 3000, pids: 32 },
    });
    expect(['timeout', 'ok']).toContain(result.status);
    expect(result.wallMs).toBeLessThan(10_000);
  });

  // Attack: fill the disk or the inode table of the work folder.
  it('caps the size and the number of files of the work folder', async () => {
    const result = await sh(
      'dd if=/dev/zero of=/workspace/big bs=1M count=100 2>&1; rm /workspace/big; for i in $(seq 1 5000); do touch /workspace/f$i 2>/dev/null || { echo inodes-full; break; }; done',
      { limits: { tmpfsBytes: 8 * 1024 * 1024, tmpfsInodes: 1000, timeoutMs: 20_000 } },
    );
    expect(result.stdout).toMatch(/No space left on device|File too large/);
    expect(result.stdout).toContain('inodes-full');
  });

  // Attack: outlive the limit by sleeping or by ignoring SIGTERM. Only SIGKILL is used, at the wall limit.
  it('kills a run that sleeps forever or ignores SIGTERM, within the limit plus a little', async () => {
    for (const script of ['sleep 1000', "trap '' TERM; while :; do sleep 1; done"]) {
      const result = await sh(script, { limits: { timeoutMs: 1000 } });
      expect(result.status).toBe('timeout');
      expect(result.wallMs).toBeLessThan(3000);
    }
  });

  // Attack: flood stderr instead of stdout, with both streams at once.
  it('caps a flood on stderr as well', async () => {
    const result = await sh('yes err >&2 & yes out', { limits: { outputBytes: 32 * 1024 } });
    expect(result.status).toBe('output_limit');
    expect(result.stderr.length).toBeLessThanOrEqual(32 * 1024);
    expect(result.stdout.length).toBeLessThanOrEqual(32 * 1024);
  });

  // Attack: 100 MB on each stream at once. The sinks keep 1 MiB each; on overflow the worker stops
  // reading and kills the run, so it reads little more than the caps, not 200 MB.
  it('keeps the worker bounded under 100 MB written to stdout and stderr', async () => {
    const result = await sh('head -c 100000000 /dev/zero >&2 & head -c 100000000 /dev/zero; wait');
    expect(result.status).toBe('output_limit');
    expect(result.stdout.length + result.stderr.length).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(result.outputBytesRead).toBeLessThan(16 * 1024 * 1024);
  });

  // Attack: fill /tmp, or write one file past the file-size limit (the kernel sends SIGXFSZ: exit 153).
  it('caps /tmp and the size of one file', async () => {
    const full = await sh('dd if=/dev/zero of=/tmp/fill bs=1M count=64 2>&1 | head -1', {
      limits: { tmpfsBytes: 4 * 1024 * 1024 },
    });
    expect(full.stdout).toMatch(/No space left on device/);
    const big = await sh('dd if=/dev/zero of=/workspace/one bs=1M count=8 2>/dev/null; echo "exit $?"', {
      limits: { fileSizeBytes: 1024 * 1024 },
    });
    expect(big.stdout).toBe('exit 153\n');
  });

  // Attack: gain root in a user namespace, mount things, or read the host's files.
  it('cannot create user namespaces, mount, or see host files', async () => {
    const result = await sh(
      'unshare -U true 2>&1 || echo no-userns; mount -t tmpfs none /workspace 2>&1 || echo no-mount; ls /etc/shadow /root 2>&1 | head -2; ls /proc/1/root 2>&1 | head -1',
    );
    expect(result.stdout).toContain('no-userns');
    expect(result.stdout).toContain('no-mount');
    expect(result.stdout).not.toMatch(/docker\.sock/);
  });

  // Attack: leave a file and a process behind for the next candidate. Every run gets a new container.
  it('lets nothing of one run reach the next', async () => {
    // The background sleep may not have exec'd yet when the shell reads /proc: wait until it has.
    const planted = await sh(
      'echo secret > /tmp/left-behind; (sleep 60 &); for i in $(seq 100); do cat /proc/[0-9]*/comm | grep -q "^sleep$" && break; sleep 0.05; done; cat /proc/[0-9]*/comm | grep -c "^sleep$"',
    );
    expect(planted.stdout).toBe('1\n'); // the probe below can see a sleeping process
    const next = await sh('ls /tmp; cat /proc/[0-9]*/comm | grep -c sleep || true');
    expect(next.stdout).toBe('0\n');
  });

  it('replaces NUL bytes in output so the result can be stored', async () => {
    const result = await sh("printf 'a\\000b'");
    expect(result.stdout).toBe('a\uFFFDb');
  });
});
