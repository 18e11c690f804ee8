/** Builds the client with Vite when its inputs changed since the last build; a no-op otherwise. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'client', 'dist');
const stampFile = path.join(dist, '.inputs-hash');

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const entry of readdirSync(dir).sort()) {
    if (entry === 'dist' || entry === 'node_modules') continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) hashTree(hash, full);
    else hash.update(path.relative(root, full)).update(readFileSync(full));
  }
}

const hash = createHash('sha256');
hashTree(hash, path.join(root, 'client'));
hashTree(hash, path.join(root, 'server', 'contract'));
// The design canvas bundles the architecture contract (palettes, schema, capacity and price tables).
hashTree(hash, path.join(root, 'challenges', '_lib', 'architecture'));
hash.update(readFileSync(path.join(root, 'package-lock.json')));
const inputs = hash.digest('hex');

if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === inputs) process.exit(0);
process.stdout.write('Building the client (Vite)…\n');
const result = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', 'client', '--logLevel', 'warn'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stampFile, inputs);
