import type { Call, Trace } from './simulate.ts';

/**
 * What a call does to production, from the deploy script's arguments. A call whose target or mode
 * is not known, or a step the grader could not follow, may change all of production: it never counts
 * as the canary, the analysis or the rollback, and always counts against "nothing was promoted".
 */
export const PRODUCTION = 'production';

export function isCanary(c: Call): boolean {
  return c.call.kind === 'deploy' && c.call.target === PRODUCTION && c.call.mode === 'canary';
}

export function isRollback(c: Call): boolean {
  return c.call.kind === 'deploy' && c.call.target === PRODUCTION && c.call.mode === 'rollback';
}

export function isAnalysis(c: Call): boolean {
  return c.call.kind === 'analysis';
}

/** The promotion R2 asks for: `deploy.sh production --promote` (a plain full deploy is not one). */
export function isPromotion(c: Call): boolean {
  return c.call.kind === 'deploy' && c.call.target === PRODUCTION && c.call.mode === 'promote';
}

/** Anything that may change all of production: a promotion, or a call the grader cannot pin down. */
export function mayPromote(c: Call): boolean {
  if (c.call.kind === 'unfollowed') return true;
  if (c.call.kind === 'not-found') return false;
  if (c.call.kind !== 'deploy') return false;
  const target = c.call.target === PRODUCTION || c.call.target === undefined;
  return target && c.call.mode !== 'canary' && c.call.mode !== 'rollback';
}

/** A call that touches production in any way (canary, promotion, rollback, or unknown). */
export function touchesProduction(c: Call): boolean {
  if (c.call.kind === 'unfollowed') return true;
  return c.call.kind === 'deploy' && (c.call.target === PRODUCTION || c.call.target === undefined);
}

/** `a` has finished before `b` starts: earlier in the same job, or in a job `b`'s job needs. */
export function precedes(trace: Trace, a: Call, b: Call): boolean {
  if (a.job === b.job) return a.seq < b.seq;
  return trace.ancestors.get(b.job)?.has(a.job) ?? false;
}

export function describeCall(c: Call): string {
  if (c.call.kind === 'unfollowed' || c.call.kind === 'not-found') return `${c.where} ${c.call.why}`;
  const cut = c.status === 124 ? ', which timeout-minutes cuts off before it ends' : '';
  if (c.call.kind === 'analysis') return `${c.where} runs the canary analysis${cut}`;
  const target = c.call.target ?? '(unknown environment)';
  const mode =
    c.call.mode === 'full' ? '' : c.call.mode === 'unknown' ? ' (unknown mode)' : ` --${c.call.mode}`;
  return `${c.where} runs deploy.sh ${target}${mode}${cut}`;
}
