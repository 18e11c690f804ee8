import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../scripts/mutants/cli-args.ts';

const root = path.resolve(import.meta.dirname, '../..');
const parse = (positionals: string[], values: Parameters<typeof parseCliArgs>[0]['values'] = {}) =>
  parseCliArgs({ positionals, values }, root);

describe('the mutants command line', () => {
  it('takes a slug or a challenge folder', () => {
    expect(parse(['terraform-test-env'])).toMatchObject({
      target: { dir: path.join(root, 'challenges/terraform-test-env') },
      concurrency: 2,
    });
    expect(parse([path.join(root, 'test/fixtures/challenges/contract-probe')])).toMatchObject({
      target: { dir: path.join(root, 'test/fixtures/challenges/contract-probe') },
    });
  });

  it('refuses what it cannot do, saying why', () => {
    expect(parse([])).toEqual({ error: expect.stringContaining('name one challenge') });
    expect(parse(['no-such-challenge'])).toEqual({
      error: 'no-such-challenge: neither a folder with challenge.yaml nor a slug of challenges/',
    });
    expect(parse(['alert-rules'], { doc: true })).toEqual({ error: expect.stringContaining('--doc') });
    expect(parse(['alert-rules'], { record: true, only: 'prometheus.' })).toEqual({
      error: expect.stringContaining('--record with --only'),
    });
    expect(parse(['alert-rules'], { concurrency: '0' })).toEqual({
      error: expect.stringContaining('--concurrency 0'),
    });
    expect(parse(['alert-rules'], { all: true })).toEqual({ error: expect.stringContaining('or --all') });
  });

  it('runs every files challenge with --all', () => {
    expect(parse([], { all: true, doc: true })).toMatchObject({ target: 'all', doc: true });
  });
});
