/**
 * The live-environment contract: the environment's state over HTTP, and the terminal's control
 * messages over its WebSocket (terminal bytes travel as binary frames both ways).
 */
import { z } from 'zod';

export const liveEnvironmentSchema = z.object({
  status: z.literal('ready'),
  /** How long the environment took to start, when this request started it. */
  readyMs: z.number().int().nullable(),
});
export type LiveEnvironmentState = z.infer<typeof liveEnvironmentSchema>;

const encoder = new TextEncoder();
export const ENVIRONMENT_FILE_MAX_BYTES = 256 * 1024;

/** A file of the running environment, by absolute path (opened in the editor beside the terminal). */
export const environmentPathSchema = z
  .string()
  .min(2, 'must not be empty')
  .max(300, 'must be at most 300 characters')
  .regex(/^\//, 'must be an absolute path, like /srv/nginx/nginx.conf')
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .refine((p) => !/[\u0000-\u001f\u007f]/.test(p), 'must not contain control characters')
  .refine((p) => !p.split('/').includes('..'), "must not contain '..'");

/** The query of a file read: a 400 then names `path`, the parameter at fault. */
export const environmentFileQuerySchema = z.object({ path: environmentPathSchema });

export const environmentFileSchema = z.strictObject({
  path: environmentPathSchema,
  content: z
    .string()
    .refine(
      (c) => encoder.encode(c).length <= ENVIRONMENT_FILE_MAX_BYTES,
      `must be at most ${ENVIRONMENT_FILE_MAX_BYTES / 1024} KiB`,
    ),
});
export type EnvironmentFile = z.infer<typeof environmentFileSchema>;
export const environmentFileSavedSchema = z.object({ path: z.string(), bytes: z.number().int() });

/** Client → server text frames. */
export const terminalControlSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('resize'),
    cols: z.number().int().min(1).max(500),
    rows: z.number().int().min(1).max(200),
  }),
]);
export type TerminalControl = z.infer<typeof terminalControlSchema>;

/** Close codes the server uses, with what the page should say. */
export const TERMINAL_CLOSE = {
  /** The shell exited (the candidate typed `exit`): a new one can be opened. */
  shellEnded: 4000,
  /** The environment is not running (never started, ended, or the attempt is over). */
  notRunning: 4001,
  /** Too many terminals open on one environment. */
  tooMany: 4002,
} as const;

export const TERMINAL_SIZE_LIMITS = { maxInputFrameBytes: 16 * 1024 } as const;
