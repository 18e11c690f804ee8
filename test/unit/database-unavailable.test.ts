import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../server/db/unavailable.ts';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['the server shutting down (admin_shutdown)', withCode('57P01')],
    ['the server starting up (cannot_connect_now)', withCode('57P03')],
    ['a connection exception of class 08', withCode('08006')],
    ['a socket closed under pg', new Error('Connection terminated unexpectedly')],
    ['no connection from the pool in time', new Error('timeout exceeded when trying to connect')],
    ['every address of a host refused', new AggregateError([withCode('ECONNREFUSED')], 'all failed')],
  ])('says yes to %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['invalid text for a type', withCode('22P02')],
    ['a plain bug', new TypeError('x is undefined')],
    ['a string', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('says no to %s, which stays a 500 or a 4xx', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
