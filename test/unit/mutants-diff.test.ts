import { describe, expect, it } from 'vitest';
import { describeChange } from '../../scripts/mutants/diff.ts';

describe('what a mutant changed', () => {
  it('shows the changed lines of each file with the line they start at', () => {
    const before = [{ path: 'main.tf', content: 'a\nb\nc\nd\n' }];
    const after = [{ path: 'main.tf', content: 'a\nB\nc\nd\n' }];
    expect(describeChange(before, after)).toEqual(['main.tf:2', '- b', '+ B']);
  });

  it('names files added or removed, and leaves unchanged files out', () => {
    const before = [
      { path: 'a.tf', content: 'x' },
      { path: 'b.tf', content: 'y' },
    ];
    const after = [
      { path: 'a.tf', content: 'x' },
      { path: 'c.tf', content: 'z' },
    ];
    expect(describeChange(before, after)).toEqual(['b.tf: removed', 'c.tf: added']);
  });

  it('compares JSON files as pretty-printed JSON, so re-serialising shows only the change', () => {
    const before = [{ path: 'policy.json', content: '{"Effect":"Allow","Action":["s3:GetObject"]}' }];
    const after = [{ path: 'policy.json', content: '{\n "Effect": "Allow",\n "Action": ["s3:*"]\n}' }];
    expect(describeChange(before, after)).toEqual(['policy.json:4', '-     "s3:GetObject"', '+     "s3:*"']);
  });

  it('clips a long change to a few lines and says how many more', () => {
    const long = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const lines = describeChange([{ path: 'f', content: '' }], [{ path: 'f', content: long }]);
    expect(lines.at(-1)).toBe('+ … 14 more lines');
  });
});
