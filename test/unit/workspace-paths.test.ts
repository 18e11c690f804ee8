import { describe, expect, it } from 'vitest';
import { buildArchive } from '../../sandbox/archive.ts';
import { assertSafePath, SandboxInputError } from '../../sandbox/index.ts';
import { workspacePathSchema } from '../../server/contract/api.ts';

const HOSTILE = [
  '../etc/passwd',
  'a/../../b',
  '/etc/passwd',
  'C:/x',
  'a\\..\\b',
  'a/\u0000b',
  'a/\nb',
  'a//b',
  './a',
  '',
];

describe('file paths from candidates', () => {
  it.each(HOSTILE)('the API refuses %j', (path) => {
    expect(workspacePathSchema.safeParse(path).success).toBe(false);
  });

  it.each(HOSTILE.filter((p) => p !== 'C:/x'))('the sandbox refuses %j before Docker sees it', (path) => {
    expect(() => assertSafePath(path)).toThrow(SandboxInputError);
  });

  it('accepts nested relative paths and unicode names', () => {
    for (const path of ['main.tf', 'modules/web_server/main.tf', 'résumé/файл.tf', 'a.b/c-d_e.tfvars']) {
      expect(workspacePathSchema.safeParse(path).success).toBe(true);
      expect(() => assertSafePath(path)).not.toThrow();
    }
  });

  it('builds an archive of regular files only, under the allowed folders', async () => {
    await expect(buildArchive([{ path: 'etc/passwd', content: 'x' }], ['workspace'])).rejects.toThrow(
      /outside the work folders/,
    );
    const tar = await buildArchive([{ path: 'workspace/main.tf', content: 'hello' }], ['workspace']);
    // ustar header: name at 0, type flag at 156 ('0' = regular file), mode at 100
    expect(tar.subarray(0, 17).toString()).toBe('workspace/main.tf');
    expect(String.fromCharCode(tar[156]!)).toBe('0');
    expect(tar.subarray(100, 107).toString()).toBe('000644 ');
  });
});
