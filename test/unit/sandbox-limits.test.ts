import { describe, expect, it } from 'vitest';
import { containerOptions, DEFAULT_LIMITS, resolveLimits } from '../../sandbox/policy.ts';

describe('sandbox limits', () => {
  it('lets a request lower a limit but never raise it past the cap', () => {
    const limits = resolveLimits(
      { timeoutMs: 5000, memoryBytes: 10 ** 12 },
      { memoryBytes: 256 * 2 ** 20, timeoutMs: 60_000 },
    );
    expect(limits.timeoutMs).toBe(5000);
    expect(limits.memoryBytes).toBe(256 * 2 ** 20);
    expect(limits.pids).toBe(DEFAULT_LIMITS.pids);
  });

  it('refuses a nonsensical limit', () => {
    expect(() => resolveLimits({ pids: -1 })).toThrow(/pids/);
  });

  it('creates containers with no network, no capabilities, no mounts and a read-only root', () => {
    const options = containerOptions({
      image: 'x',
      command: ['true'],
      env: {},
      workDirs: ['/workspace'],
      limits: DEFAULT_LIMITS,
      labels: {},
    });
    expect(options.NetworkDisabled).toBe(true);
    expect(options.HostConfig).toMatchObject({
      NetworkMode: 'none',
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Memory: DEFAULT_LIMITS.memoryBytes,
      MemorySwap: DEFAULT_LIMITS.memoryBytes,
      Init: true,
      LogConfig: { Type: 'none' },
    });
    expect(options.HostConfig?.Binds).toBeUndefined();
    expect(options.HostConfig?.Mounts).toBeUndefined();
    expect(options.User).toBe('65534:65534');
    expect(options.HostConfig?.Tmpfs?.['/workspace']).toMatch(/nr_inodes=\d+/);
  });
});
