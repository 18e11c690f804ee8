// Runs a grader that is already loaded when the candidate's files arrive (a pre-warmed sandbox).
// stdin carries length-prefixed frames: [grader files tar] [warm-up files tar] [workspace tar].
// The grader module's export (GAUNTLET_EXPORT, default gradeWorkspace) is imported, run once on the
// warm-up files (the public starter, so every code path and parser is loaded; not when
// GAUNTLET_WARM_UP is 0), then run on /workspace; the result is printed after
// GAUNTLET_VERDICT_MARKER on one line.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const marker = process.env.GAUNTLET_VERDICT_MARKER ?? 'GAUNTLET_VERDICT:';
const entry = process.env.GAUNTLET_ENTRY;
const exportName = process.env.GAUNTLET_EXPORT ?? 'gradeWorkspace';

/** Reads length-prefixed frames (4-byte big-endian length, then the bytes) from stdin. */
function frameReader(stream) {
  let buffered = Buffer.alloc(0);
  let waiting = null;
  let ended = false;
  stream.on('data', (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    waiting?.();
  });
  stream.on('end', () => {
    ended = true;
    waiting?.();
  });
  return async function next() {
    for (;;) {
      if (buffered.length >= 4) {
        const length = buffered.readUInt32BE(0);
        if (buffered.length >= 4 + length) {
          const frame = buffered.subarray(4, 4 + length);
          buffered = buffered.subarray(4 + length);
          return frame;
        }
      }
      if (ended) throw new Error('stdin ended before a whole frame arrived');
      await new Promise((resolve) => {
        waiting = resolve;
      });
      waiting = null;
    }
  };
}

/** Extracts a ustar archive of regular files (the only kind the platform builds) under `root`. */
function extract(tar, root, allowedTop) {
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, length) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const parts = name.split('/');
    if (type !== '0' || name.startsWith('/') || parts.includes('..') || !allowedTop.includes(parts[0])) {
      throw new Error(`refused archive entry ${JSON.stringify(name)}`);
    }
    const target = path.join(root, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, tar.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
}

const next = frameReader(process.stdin);
extract(await next(), '/', ['grader', '_lib']);
const grader = await import(entry);
const grade = grader[exportName];
if (typeof grade !== 'function') throw new Error(`${entry} does not export a function ${exportName}`);
mkdirSync('/tmp/warm-up', { recursive: true });
extract(await next(), '/tmp/warm-up', ['workspace']);
if (process.env.GAUNTLET_WARM_UP !== '0') await grade('/tmp/warm-up/workspace');
extract(await next(), '/', ['workspace']);
const result = await grade('/workspace');
process.stdout.write(`${marker}${JSON.stringify(result)}\n`, () => process.exit(0));
