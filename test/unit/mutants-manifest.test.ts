import { describe, expect, it } from 'vitest';
import { MutantsManifestError, parseMutantsManifest } from '../../scripts/mutants/manifest.ts';

const FILE = 'challenges/x/mutants.yaml';
const refusal = (text: string) => {
  try {
    parseMutantsManifest(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(MutantsManifestError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('mutants.yaml', () => {
  it('reads the formats, the equivalent mutants with their reasons, and the recorded rate', () => {
    const manifest = parseMutantsManifest(
      [
        '# the formats of solution/',
        'operators: [hcl, iam]',
        'equivalent:',
        '  - id: hcl.flip-boolean main.tf aws_db_instance.main skip_final_snapshot',
        '    reason: the brief says nothing about final snapshots',
        'recordedKillRate: 0.9712',
      ].join('\n'),
      FILE,
    );
    expect(manifest).toEqual({
      operators: ['hcl', 'iam'],
      equivalent: [
        {
          id: 'hcl.flip-boolean main.tf aws_db_instance.main skip_final_snapshot',
          reason: 'the brief says nothing about final snapshots',
        },
      ],
      recordedKillRate: 0.9712,
    });
  });

  it('needs no equivalent list and no recorded rate', () => {
    expect(parseMutantsManifest('operators: [kubernetes]', FILE)).toEqual({
      operators: ['kubernetes'],
      equivalent: [],
    });
  });

  it('refuses an unknown format, naming the file, the field and the formats there are', () => {
    const message = refusal('operators: [terraform]');
    expect(message).toContain(FILE);
    expect(message).toContain('operators.0');
    expect(message).toContain('hcl, kubernetes, workflow, iam, prometheus');
  });

  it('refuses an equivalent mutant without a reason, or with a blank one', () => {
    expect(refusal('operators: [hcl]\nequivalent: [{ id: a }]')).toContain('equivalent.0.reason');
    expect(refusal('operators: [hcl]\nequivalent: [{ id: a, reason: "  " }]')).toMatch(
      /equivalent\.0\.reason: say why this mutant is equivalent/,
    );
  });

  it('refuses a rate outside 0-1, a format or an id listed twice, no format, and unknown keys', () => {
    expect(refusal('operators: [hcl]\nrecordedKillRate: 97')).toContain('recordedKillRate');
    expect(refusal('operators: [hcl, hcl]')).toContain('operators: lists a format twice');
    expect(refusal('operators: []')).toContain('operators: name at least one format');
    expect(refusal('operators: [hcl]\nequivalent: [{ id: a, reason: b }, { id: a, reason: c }]')).toContain(
      'equivalent: lists the same mutant id twice',
    );
    expect(refusal('operators: [hcl]\nequivalents: []')).toContain('equivalents');
  });

  it('refuses text that is not YAML, naming the file', () => {
    expect(refusal('operators: [hcl')).toMatch(/^challenges\/x\/mutants\.yaml: /);
  });
});
