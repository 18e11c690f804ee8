import { LIMITS, workspacePathSchema } from '../../../server/contract/api.ts';

/**
 * Why `path` cannot name a new (or renamed) file next to `existing`, or null when it can. Uses the
 * contract's path rules, so the candidate sees the same words the server would answer with.
 */
export function pathProblem(path: string, existing: readonly string[], renaming?: string): string | null {
  const parsed = workspacePathSchema.safeParse(path);
  if (!parsed.success) return `Path ${parsed.error.issues[0]?.message ?? 'is invalid'}`;
  const others = existing.filter((p) => p !== renaming);
  if (others.includes(path)) return `A file named ${path} already exists`;
  const folder = others.find((p) => p.startsWith(`${path}/`));
  if (folder) return `${path} is a folder (it holds ${folder})`;
  const file = others.find((p) => path.startsWith(`${p}/`));
  if (file) return `${file} is a file, so it cannot hold other files`;
  if (renaming === undefined && others.length >= LIMITS.maxFiles) {
    return `A challenge holds at most ${LIMITS.maxFiles} files`;
  }
  return null;
}
