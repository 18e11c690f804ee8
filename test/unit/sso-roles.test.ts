import { describe, expect, it } from 'vitest';
import { roleFromGroups } from '../../server/commands/sign-in-with-sso.ts';

const roles = { 'hiring-managers': 'manager', engineers: 'interviewer' } as const;

describe('the role a groups claim maps to', () => {
  it('is manager when any group maps to manager, whatever the order', () => {
    expect(roleFromGroups(['engineers', 'hiring-managers'], roles)).toBe('manager');
    expect(roleFromGroups(['hiring-managers', 'engineers'], roles)).toBe('manager');
  });

  it('is interviewer for interviewer groups only, and takes a single group name as a string', () => {
    expect(roleFromGroups(['engineers', 'everyone'], roles)).toBe('interviewer');
    expect(roleFromGroups('engineers', roles)).toBe('interviewer');
  });

  it('is null (refused) for no mapped group, no claim, or a claim of another shape', () => {
    for (const claim of [[], ['everyone'], undefined, null, 42, { engineers: true }, [['engineers']]])
      expect(roleFromGroups(claim, roles)).toBeNull();
  });

  it('never maps a group named like an object property (the mapping is a plain JSON object)', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])
      expect(roleFromGroups([name], roles)).toBeNull();
  });

  it('matches group names exactly (case and spaces count)', () => {
    expect(roleFromGroups(['Hiring-Managers', ' engineers'], roles)).toBeNull();
  });
});
