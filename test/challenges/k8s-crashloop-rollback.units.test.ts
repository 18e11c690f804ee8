import { describe, expect, it } from 'vitest';
import {
  labelSelector,
  parseImage,
  parseQuantity,
  sameSelector,
  scaled,
  timingOf,
} from '../fixtures/k8s-crashloop-rollback/harness.ts';

describe('the k8s-crashloop-rollback grader reads values as Kubernetes does', () => {
  it.each([
    ['500m', 0.5],
    ['1', 1],
    [0.5, 0.5],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['768Mi', 768 * 2 ** 20],
    ['1e3', 1000],
    ['2k', 2000],
  ] as const)('reads the quantity %j as %d', (raw, value) => {
    expect(parseQuantity(raw)).toBeCloseTo(value, 9);
  });

  it.each(['1GB', 'lots', '', '1 Gi'])('refuses %j as a quantity', (raw) => {
    expect(parseQuantity(raw)).toBeUndefined();
  });

  it('normalises image references the way the runtime resolves them', () => {
    expect(parseImage('checkout-api:2.13.2')).toEqual({
      repository: 'docker.io/library/checkout-api',
      tag: '2.13.2',
      digest: undefined,
    });
    expect(
      parseImage(
        'localhost:5000/a/b@sha256:27ab40c3d270878fb0ff8c4535bb7f3ee6eded6353f935d651524c7fa6b6291f',
      ),
    ).toMatchObject({
      repository: 'localhost:5000/a/b',
      tag: undefined,
    });
    expect(parseImage('ghcr.io/Acme/App:1')).toBeUndefined();
    expect(parseImage('ghcr.io/acme/app@md5:abc')).toBeUndefined();
  });

  it('evaluates label selectors, including expressions and broken terms', () => {
    const labels = new Map([
      ['app', 'a'],
      ['tier', 'web'],
    ]);
    expect(labelSelector({ matchLabels: { app: 'a' } }).matches(labels)).toBe(true);
    expect(
      labelSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }).matches(
        labels,
      ),
    ).toBe(true);
    expect(labelSelector({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }).matches(labels)).toBe(
      false,
    );
    expect(labelSelector({ matchExpressions: [{ key: 'app', operator: 'In' }] }).matches(labels)).toBe(false);
    expect(labelSelector({}).empty).toBe(true);
  });

  it('treats an empty list in a selector as equal to a missing one, and order of keys as irrelevant', () => {
    expect(
      sameSelector(
        { matchLabels: { a: '1', b: '2' }, matchExpressions: [] },
        { matchLabels: { b: '2', a: '1' } },
      ),
    ).toBe(true);
    expect(sameSelector({ matchLabels: { a: '1' } }, { matchLabels: { a: '1', v: '2' } })).toBe(false);
  });

  it('scales int-or-percent fields as the controllers round them', () => {
    expect(scaled('25%', 3, 'down')).toBe(0);
    expect(scaled('25%', 12, 'down')).toBe(3);
    expect(scaled('25%', 3, 'up')).toBe(1);
    expect(scaled(0, 12, 'down')).toBe(0);
    expect(scaled('0', 12, 'down')).toBeUndefined();
  });

  it('fills in the kubelet defaults for a probe and computes its budget', () => {
    expect(timingOf({}).budgetSeconds).toBe(30);
    expect(timingOf({ initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 30 }).budgetSeconds).toBe(
      160,
    );
    expect(timingOf({ periodSeconds: 0, failureThreshold: '9' }).budgetSeconds).toBe(30);
  });
});
