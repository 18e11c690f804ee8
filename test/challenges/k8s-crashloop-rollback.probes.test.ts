import { describe, expect, it } from 'vitest';
import { execTarget, notProbingAppBecause } from '../fixtures/k8s-crashloop-rollback/harness.ts';

const container = {
  name: 'checkout-api',
  ports: [
    { name: 'http', containerPort: 8080 },
    { name: 'metrics', containerPort: 9090 },
  ],
};

describe('the k8s-crashloop-rollback grader judges what a probe reaches, as the kubelet runs it', () => {
  it.each([
    [{ httpGet: { path: '/healthz', port: 'http' } }],
    [{ httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' } }],
    [{ httpGet: { path: 'healthz?full=1', port: 'http' } }],
    [{ tcpSocket: { port: 'http' } }],
    [{ exec: { command: ['curl', '-fsS', 'http://localhost:8080/healthz'] } }],
    [{ exec: { command: ['curl', '--fail', '-o', '/dev/null', 'http://127.0.0.1:8080/ready'] } }],
    [
      {
        exec: { command: ['/bin/sh', '-c', 'wget -q -O /dev/null http://localhost:8080/healthz || exit 1'] },
      },
    ],
    [{ exec: { command: ['sh', '-c', 'curl -sf http://localhost:8080/ready >/dev/null 2>&1'] } }],
    [{ exec: { command: ['nc', '-z', 'localhost', '8080'] } }],
    [{ exec: { command: ['/bin/sh', '-c', 'exec wget -q --spider http://localhost:8080/ready'] } }],
  ])('accepts %j as checking the app on the pod', (probe) => {
    expect(notProbingAppBecause(container, probe)).toBeUndefined();
  });

  it.each([
    [{ httpGet: { path: '/healthz', port: 'metrics' } }, 'answers before the app has started'],
    [{ httpGet: { path: '/healthz', port: 'health' } }, 'not a port the container declares'],
    [{ httpGet: { host: 'localhost', path: '/healthz', port: 'http' } }, 'from the node'],
    [{ tcpSocket: { host: '127.0.0.1', port: 8080 } }, 'from the node'],
    [{ httpGet: { scheme: 'HTTPS', path: '/healthz', port: 'http' } }, 'plain HTTP'],
    [{ httpGet: { path: '/health', port: 'http' } }, '404'],
    [{ httpGet: { port: 'http' } }, '404'],
    [{ grpc: { port: 8080 } }, 'gRPC'],
    [{ exec: { command: ['true'] } }, 'does not connect to the app'],
    [{ exec: { command: ['cat', '/tmp/healthy'] } }, 'does not connect to the app'],
    [{ exec: { command: ['curl', 'http://localhost:8080/healthz'] } }, 'without --fail'],
    [
      { exec: { command: ['sh', '-c', 'curl -f http://localhost:8080/healthz || true'] } },
      'more than one command',
    ],
    [
      { exec: { command: ['sh', '-c', 'curl -f http://localhost:8080/healthz; exit 0'] } },
      'more than one command',
    ],
    [{ exec: { command: ['curl', '-f', 'http://localhost:9090/metrics'] } }, 'port 9090'],
    [{ exec: { command: ['curl', '-f', 'http://checkout-api.shop:8080/healthz'] } }, 'not the pod'],
    [{ exec: { command: ['wget', '-q', 'https://localhost:8080/healthz'] } }, 'plain HTTP'],
    [{ httpGet: { path: '/healthz', port: 'http' }, tcpSocket: { port: 8080 } }, 'more than one handler'],
  ])('refuses %j: %s', (probe, why) => {
    expect(notProbingAppBecause(container, probe)).toContain(why);
  });

  it('reads a shell script with quotes and redirections as sh does', () => {
    expect(
      execTarget([
        'sh',
        '-c',
        `curl -f -H 'X-Probe: liveness' "http://localhost:8080/healthz" 2>&1 > /dev/null`,
      ]),
    ).toMatchObject({ client: 'curl', host: 'localhost', port: 8080, path: '/healthz' });
    expect(execTarget(['sh', '-c', "curl -f 'http://localhost:8080/healthz"])).toContain('could not be read');
    expect(execTarget([])).toContain('no command');
  });
});
