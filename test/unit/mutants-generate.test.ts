import { describe, expect, it } from 'vitest';
import { generateMutants, submissionKey } from '../../scripts/mutants/generate.ts';
import type { MutationOperator, SubmissionFile } from '../../scripts/mutants/types.ts';

const reference: SubmissionFile[] = [
  { path: 'main.tf', content: 'a = 1\n' },
  { path: 'vars.tf', content: 'b = 2\n' },
];

/** An operator that sets main.tf to each of the given contents, one mutant each. */
const setsMain = (name: string, contents: string[]): MutationOperator => ({
  name,
  description: 'rewrites main.tf',
  apply: (files) =>
    contents.map((content, i) => ({
      id: `${name} main.tf ${i}`,
      operator: name,
      description: `main.tf becomes ${content}`,
      files: files.map((f) => (f.path === 'main.tf' ? { ...f, content } : f)),
    })),
});

describe('generating mutants', () => {
  it('drops mutants equal to the reference and to an earlier mutant, and says how many', () => {
    const generated = generateMutants(reference, [
      setsMain('t.one', ['a = 2\n', 'a = 1\n', 'a = 3\n']),
      setsMain('t.two', ['a = 3\n', 'a = 4\n']),
    ]);
    expect(generated.mutants.map((m) => m.id)).toEqual([
      't.one main.tf 0',
      't.one main.tf 2',
      't.two main.tf 1',
    ]);
    expect(generated.sameAsReference.map((m) => m.id)).toEqual(['t.one main.tf 1']);
    expect(generated.duplicates.map((d) => [d.mutant.id, d.of])).toEqual([
      ['t.two main.tf 0', 't.one main.tf 2'],
    ]);
    expect(generated.operatorErrors).toEqual([]);
  });

  it('treats two submissions with the same files in another order as one', () => {
    expect(submissionKey([...reference].reverse())).toBe(submissionKey(reference));
    expect(submissionKey([{ path: 'main.tf', content: 'a = 1\n' }])).not.toBe(submissionKey(reference));
  });

  it('gives each operator its own copy of the reference, so one cannot change what the next sees', () => {
    const vandal: MutationOperator = {
      name: 't.vandal',
      description: '',
      apply: (files) => {
        for (const f of files) f.content = 'gone';
        return [];
      },
    };
    const generated = generateMutants(reference, [vandal, setsMain('t.one', ['a = 2\n'])]);
    expect(generated.mutants[0]?.files.find((f) => f.path === 'vars.tf')?.content).toBe('b = 2\n');
  });

  it('reports an operator that throws or breaks the contract, and grades none of its bad mutants', () => {
    const throws: MutationOperator = {
      name: 't.throws',
      description: '',
      apply: () => {
        throw new Error('cannot parse main.tf');
      },
    };
    const misnamed: MutationOperator = { ...setsMain('t.misnamed', ['a = 9\n']), name: 't.other' };
    const sameIdTwice: MutationOperator = {
      name: 't.same',
      description: '',
      apply: (files) =>
        ['a = 5\n', 'a = 6\n'].map((content) => ({
          id: 't.same main.tf',
          operator: 't.same',
          description: content,
          files: files.map((f) => (f.path === 'main.tf' ? { ...f, content } : f)),
        })),
    };
    const generated = generateMutants(reference, [throws, misnamed, sameIdTwice]);
    expect(generated.operatorErrors.map((e) => e.operator)).toEqual(['t.throws', 't.other', 't.same']);
    expect(generated.operatorErrors[0]?.error).toContain('cannot parse main.tf');
    expect(generated.operatorErrors[1]?.error).toContain('made by t.other');
    expect(generated.operatorErrors[2]?.error).toContain('names two different mutants');
    expect(generated.mutants.map((m) => m.id)).toEqual(['t.same main.tf']);
  });
});
