import { pack } from 'tar-stream';

export interface SandboxFile {
  /** Relative path inside the container's root, under one of the run's work folders (e.g. `workspace/main.tf`). */
  path: string;
  content: string | Buffer;
}

/** Refused before anything reaches Docker: a path that could escape its folder or is not a plain name. */
export class SandboxInputError extends Error {
  override name = 'SandboxInputError';
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Checks one path; throws SandboxInputError naming the path and what is wrong with it. */
export function assertSafePath(filePath: string): void {
  const shown = JSON.stringify(filePath);
  if (filePath.length === 0 || filePath.length > 300)
    throw new SandboxInputError(`file path ${shown} has a bad length`);
  if (filePath.startsWith('/')) throw new SandboxInputError(`file path ${shown} is absolute`);
  if (CONTROL.test(filePath) || filePath.includes('\\')) {
    throw new SandboxInputError(`file path ${shown} contains control characters or backslashes`);
  }
  const parts = filePath.split('/');
  if (parts.some((p) => p === '..')) throw new SandboxInputError(`file path ${shown} contains '..'`);
  if (parts.some((p) => p === '' || p === '.'))
    throw new SandboxInputError(`file path ${shown} has an empty or '.' segment`);
}

/**
 * A tar of regular files only, with a fixed owner, mode and time: no links, devices or folders, so
 * extracting it cannot create anything but plain files under the work folders.
 */
export async function buildArchive(files: SandboxFile[], allowedRoots: string[]): Promise<Buffer> {
  const seen = new Set<string>();
  for (const file of files) {
    assertSafePath(file.path);
    const root = file.path.split('/')[0] ?? '';
    if (!allowedRoots.includes(root)) {
      throw new SandboxInputError(`file path ${JSON.stringify(file.path)} is outside the work folders`);
    }
    if (seen.has(file.path))
      throw new SandboxInputError(`file path ${JSON.stringify(file.path)} appears twice`);
    seen.add(file.path);
  }
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const done = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  for (const file of files) {
    const content = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content;
    archive.entry(
      {
        name: file.path,
        type: 'file',
        mode: 0o644,
        uid: 65534,
        gid: 65534,
        mtime: new Date(0),
        size: content.length,
      },
      content,
    );
  }
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}
