import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { z } from 'zod';
import { nodePackageClosure } from './package-closure.ts';

/** Bump when the debootstrap recipe changes: the tag names the recipe, so a new one rebuilds. */
export const BASE_IMAGE = 'gauntlet/base:bookworm-1';
const IMAGES_DIR = import.meta.dirname;

const imageSpecSchema = z.strictObject({
  description: z.string(),
  nodeBinary: z.boolean().default(false),
  nodePackages: z.array(z.string()).default([]),
});

/**
 * The V8 flags of every Node process in a grader image (the image's `node` is a wrapper that adds
 * them). A grader lives for a fraction of a second and is never reused, so background compiler
 * and GC threads and early optimisation cost more than they return. Measured on every warm
 * grader's reference, interleaved (docs/benchmarks.md, "CPU per grading", the flags column):
 * - `--liftoff-only`: WebAssembly compiled by the baseline compiler only (it halved the CPU of
 *   graders when the HCL parser was WebAssembly).
 * - `--single-threaded`: no compiler or GC helper threads; their work is cheaper done inline than
 *   handed over in a process this short.
 * - later tiering (Maglev after 4,000 calls instead of 400, TurboFan after 20,000 instead of
 *   3,000, on-stack replacement likewise): a typical grading never gets there and pays for no
 *   optimised code it would barely run, while a 1 MiB submission still gets optimised and grades
 *   faster than with the defaults. Turning the optimisers off outright was as cheap for typical
 *   gradings but 15 % slower on the largest.
 */
export const GRADER_NODE_FLAGS = [
  '--liftoff-only',
  '--single-threaded',
  '--invocation-count-for-maglev=4000',
  '--invocation-count-for-maglev-osr=1000',
  '--invocation-count-for-turbofan=20000',
  '--invocation-count-for-osr=4000',
] as const;

/** /usr/local/bin/node in an image with the project's Node: the real binary with GRADER_NODE_FLAGS. */
export const nodeWrapper = (): string =>
  `#!/bin/sh\n# Written by sandbox/images/build.ts (GRADER_NODE_FLAGS).\nexec /usr/local/lib/gauntlet/node ${GRADER_NODE_FLAGS.join(' ')} "$@"\n`;

export type Progress = (line: string) => void;

export interface BuildOptions {
  docker: Docker;
  /** The project root: node_modules is read from here, scratch space is `.data/build`. */
  projectRoot: string;
  /** The Node binary copied into images that ask for one (the project's own Node 24). */
  nodeBinary: string;
  progress: Progress;
}

/** The local image name for a folder of sandbox/images/. */
export const imageTag = (name: string): string => `gauntlet/${name}:latest`;

/** Names of the images under sandbox/images/ (each folder with a Dockerfile). */
export async function listImageNames(): Promise<string[]> {
  const entries = await readdir(IMAGES_DIR, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && existsSync(path.join(IMAGES_DIR, e.name, 'Dockerfile')))
    .map((e) => e.name)
    .sort();
}

/** Builds every sandbox image whose inputs changed; a no-op when all are current. */
export async function ensureSandboxImages(options: BuildOptions): Promise<void> {
  await ensureBaseImage(options);
  for (const name of await listImageNames()) await ensureImage(name, options);
}

async function imageLabels(docker: Docker, tag: string): Promise<Record<string, string> | null> {
  try {
    const info = await docker.getImage(tag).inspect();
    return info.Config?.Labels ?? {};
  } catch {
    return null;
  }
}

/**
 * No registry answers here, so the base is a Debian bookworm minbase made by debootstrap from the
 * host's own Debian mirror and turned into an image with `docker import`.
 */
export async function ensureBaseImage({ docker, projectRoot, progress }: BuildOptions): Promise<void> {
  if ((await imageLabels(docker, BASE_IMAGE)) !== null) return;
  progress(`Building the base image ${BASE_IMAGE} with debootstrap (a few minutes, once)…`);
  await ensureCommand('debootstrap', 'debootstrap', progress);
  const rootfs = path.join(projectRoot, '.data', 'build', 'rootfs');
  await rm(rootfs, { recursive: true, force: true });
  await mkdir(rootfs, { recursive: true });
  try {
    let packages = 0;
    await run('debootstrap', ['--variant=minbase', 'bookworm', rootfs, debianMirror()], (line) => {
      if (line.startsWith('I: Retrieving') || line.startsWith('I: Unpacking')) {
        packages += 1;
        if (packages % 20 === 0) progress(`  debootstrap: ${line.slice(3)}`);
      } else if (line.startsWith('I: Base system installed') || line.startsWith('E:')) progress(`  ${line}`);
    });
    // Trim what a grader never needs; the image stays small and quick to create containers from.
    await rm(path.join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true });
    progress('  importing the root filesystem…');
    const tar = spawn('tar', ['-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [repo, tag] = BASE_IMAGE.split(':') as [string, string];
    const stream = await docker.importImage(tar.stdout, { repo, tag });
    await followProgress(docker, stream);
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
  progress(`  ${BASE_IMAGE} ready`);
}

/** Builds `gauntlet/<name>` when the hash of its inputs differs from the label on the image. */
export async function ensureImage(name: string, options: BuildOptions): Promise<void> {
  const { docker, projectRoot, nodeBinary, progress } = options;
  const dir = path.join(IMAGES_DIR, name);
  const specPath = path.join(dir, 'image.json');
  const spec = imageSpecSchema.parse(existsSync(specPath) ? JSON.parse(readFileSync(specPath, 'utf8')) : {});
  const packages = nodePackageClosure(path.join(projectRoot, 'node_modules'), spec.nodePackages);
  const hash = createHash('sha256')
    .update(BASE_IMAGE)
    .update(await hashFolder(dir))
    .update(JSON.stringify(spec))
    .update(spec.nodeBinary ? `${process.version}\n${nodeWrapper()}` : '')
    .update(packages.map((p) => `${p.name}@${p.version}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const tag = imageTag(name);
  if ((await imageLabels(docker, tag))?.['gauntlet.hash'] === hash) return;

  progress(`Building sandbox image ${tag}…`);
  const context = path.join(projectRoot, '.data', 'build', name);
  await rm(context, { recursive: true, force: true });
  await cp(dir, context, { recursive: true });
  if (spec.nodeBinary) {
    await cp(nodeBinary, path.join(context, 'node'));
    await writeFile(path.join(context, 'node-wrapper.sh'), nodeWrapper());
  }
  await mkdir(path.join(context, 'node_modules'), { recursive: true });
  for (const pkg of packages.filter((p) => p.topLevel)) {
    await cp(pkg.dir, path.join(context, 'node_modules', pkg.name), { recursive: true, dereference: true });
  }
  try {
    const tar = spawn('tar', ['-C', context, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const stream = await docker.buildImage(tar.stdout, {
      t: tag,
      labels: { 'gauntlet.hash': hash },
      buildargs: { BASE: BASE_IMAGE },
      // The build steps (our Dockerfiles: apt-get from the Debian mirror) use the host's network,
      // not the engine's default bridge: a build then works even where docker0 is missing.
      networkmode: 'host',
      rm: true,
    });
    await followProgress(docker, stream, (event) => {
      if (event.stream?.startsWith('Step ')) progress(`  ${event.stream.trim()}`);
    });
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  progress(`  ${tag} ready`);
}

/** Every file of an image's folder and its subfolders, so any change rebuilds the image. */
async function hashFolder(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
  for (const name of files) hash.update(name).update(await readFile(path.join(dir, name)));
  return hash.digest('hex');
}

interface ProgressEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

function followProgress(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  onEvent: (event: ProgressEvent) => void = () => {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, events: ProgressEvent[]) => {
        const failed = events?.find((e) => e.error);
        if (err) reject(err);
        else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error));
        else resolve();
      },
      onEvent,
    );
  });
}

/** The Debian mirror the host's apt already uses (the only one reachable here). */
function debianMirror(): string {
  for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const deb822 = /^URIs:\s*(\S+\/debian)\s*$/m.exec(text);
    if (deb822?.[1]) return deb822[1];
    const oneLine = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\s+bookworm\b/m.exec(text);
    if (oneLine?.[1]) return oneLine[1];
  }
  return 'http://deb.debian.org/debian';
}

async function ensureCommand(command: string, debianPackage: string, progress: Progress): Promise<void> {
  const found = await run('sh', ['-c', `command -v ${command}`], () => {}).then(
    () => true,
    () => false,
  );
  if (found) return;
  progress(`  installing ${debianPackage} with apt-get…`);
  await run('apt-get', ['install', '-y', '-q', debianPackage], () => {}, {
    DEBIAN_FRONTEND: 'noninteractive',
  });
}

/** Runs a command, passing each output line to `onLine`; rejects with the tail of the output. */
export function run(
  command: string,
  args: string[],
  onLine: (line: string) => void,
  env: Record<string, string> = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    const tail: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 20) tail.shift();
        onLine(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${tail.join('\n')}`)),
    );
  });
}
