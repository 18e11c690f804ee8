import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges, fromFileMap, replayFiles } from '../../server/contract/replay.ts';
import { playSession, sessionOpArb } from '../support/replay-session.ts';

const STARTER = [
  { path: 'main.tf', content: 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n' },
  { path: 'variables.tf', content: 'variable "region" {\n  default = "eu-west-1" # 🚀\n}\n' },
];

describe('the replay reducer', () => {
  it('applies a multi-cursor edit given from the end of the text backwards', () => {
    // Two cursors typing "x" at offsets 1 and 3 of "abcd", as Monaco reports them.
    expect(
      applyChanges('abcd', [
        { offset: 3, length: 0, text: 'x' },
        { offset: 1, length: 0, text: 'x' },
      ]),
    ).toBe('axbcxd');
  });

  it('counts offsets in UTF-16 code units, as Monaco does', () => {
    expect(applyChanges('a🚀b', [{ offset: 1, length: 2, text: 'é' }])).toBe('aéb');
    expect(applyChanges('a🚀b', [{ offset: 3, length: 1, text: '' }])).toBe('a🚀');
  });

  it('clamps a change past the end instead of throwing', () => {
    expect(applyChanges('ab', [{ offset: 10, length: 5, text: 'c' }])).toBe('abc');
  });

  it('moves content on rename and drops it on delete, leaving the starter untouched', () => {
    const files = replayFiles(STARTER, [
      { kind: 'file_rename', payload: { from: 'main.tf', to: 'modules/s3/main.tf' } },
      { kind: 'file_delete', payload: { path: 'variables.tf' } },
      { kind: 'file_create', payload: { path: 'outputs.tf', content: 'output "x" {}' } },
      { kind: 'focus', payload: {} },
    ]);
    expect(fromFileMap(files).map((f) => f.path)).toEqual(['modules/s3/main.tf', 'outputs.tf']);
    expect(files.get('modules/s3/main.tf')).toBe(STARTER[0]!.content);
    expect(STARTER.map((f) => f.path)).toEqual(['main.tf', 'variables.tf']);
  });

  it("changes no file for an interview's keyboard hand-overs and complications", () => {
    const files = replayFiles(STARTER, [
      { kind: 'keyboard', payload: { action: 'requested', holder: 'Ben' } },
      { kind: 'keyboard', payload: { action: 'given', holder: 'Ben' } },
      { kind: 'complication', payload: { id: 'runaway', title: 'A second runaway query', ok: true } },
      { kind: 'keyboard', payload: { action: 'taken_back', holder: 'Candidate' } },
      { kind: 'terminal', payload: { stream: 'input', data: 'ls\r' } },
    ]);
    expect(fromFileMap(files)).toEqual(STARTER);
  });

  it('applies a staff member’s shared edits like the candidate’s (the author changes nothing)', () => {
    const staffEdit = {
      kind: 'edit' as const,
      payload: { path: 'main.tf', changes: [{ offset: 0, length: 0, text: '# Ada\n' }] },
      authorName: 'Ada',
    };
    const files = replayFiles(STARTER, [
      staffEdit,
      { kind: 'file_create', payload: { path: 'notes.md', content: 'x' } },
      { kind: 'file_delete', payload: { path: 'notes.md' } },
    ]);
    expect(files.get('main.tf')).toBe(`# Ada\n${STARTER[0]!.content}`);
    expect([...files.keys()].sort()).toEqual(['main.tf', 'variables.tf']);
  });

  it('rebuilds exactly the final files of any random session over the starter', () => {
    fc.assert(
      fc.property(fc.array(sessionOpArb, { maxLength: 300, size: 'large' }), (ops) => {
        const { events, files } = playSession(STARTER, ops);
        expect(replayFiles(STARTER, events)).toEqual(files);
      }),
      { numRuns: 400 },
    );
  });

  it('rebuilds the same files from any prefix replayed, then the rest (a snapshot, then deltas)', () => {
    fc.assert(
      fc.property(fc.array(sessionOpArb, { maxLength: 150, size: 'large' }), fc.nat(), (ops, cut) => {
        const { events, files } = playSession(STARTER, ops);
        const at = events.length === 0 ? 0 : cut % events.length;
        const snapshot = fromFileMap(replayFiles(STARTER, events.slice(0, at)));
        expect(replayFiles(snapshot, events.slice(at))).toEqual(files);
      }),
      { numRuns: 200 },
    );
  });
});
