/**
 * The one rule for a path inside a candidate's workspace, read by the files endpoint, the replay's
 * events and the page alike. Imports nothing but zod.
 */
import { z } from 'zod';

export const MAX_PATH_LENGTH = 200;

/** A relative path inside the workspace: no `..`, no absolute paths, no control characters. */
export const workspacePathSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_PATH_LENGTH, `must be at most ${MAX_PATH_LENGTH} characters`)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p), 'must be relative, not an absolute path')
  .refine((p) => !p.split(/[\\/]/).includes('..'), "must not contain '..'")
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .refine((p) => !/[\u0000-\u001f\u007f\\]/.test(p), 'must not contain control characters or backslashes')
  .refine((p) => p.isWellFormed(), 'must not contain unpaired surrogates')
  .refine(
    (p) => p.split('/').every((part) => part.length > 0 && part !== '.'),
    'must not contain empty or . segments',
  );
