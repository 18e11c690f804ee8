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
