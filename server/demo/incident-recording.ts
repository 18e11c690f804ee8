/**
 * The demo's on-call session as recorded from a real environment (record-incident.ts): its terminal
 * input and output as the live terminal's recorder appended them, the note's edits, and the real
 * checks' verdict at each check run and at the submission, all on the session's clock.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { payloadSchemas } from '../contract/events.ts';
import type { GradingOutcome } from '../scoring/types.ts';
import type { SessionStep } from './session.ts';

export const INCIDENT_RECORDING = 'incident-recording.json';
/** The terminal's size when it was recorded (the page's xterm fits its panel). */
export const SHELL_SIZE = { cols: 100, rows: 30 } as const;

const files = z.array(z.strictObject({ path: z.string(), content: z.string() }));
const verdict = z.strictObject({ verdict: z.string(), wallMs: z.number().int().min(0) });
const atMs = z.number().int().min(0);

// The edits are checked by the real recording path when the seed plays them (recordEvents).
const stepSchema = z.discriminatedUnion('kind', [
  z.strictObject({ atMs, kind: z.literal('event'), event: z.looseObject({ kind: z.string() }) }),
  z.strictObject({ atMs, kind: z.enum(['run', 'submit']), files, verdict }),
  z.strictObject({ atMs, kind: z.literal('terminal'), chunks: z.array(payloadSchemas.terminal).min(1) }),
]);

const recordingSchema = z.strictObject({
  slug: z.string(),
  /** The starter's files key when recorded: the note's edits are offsets into it. */
  starterKey: z.string(),
  readyMs: z.number().int().min(0),
  steps: z.array(stepSchema).min(1),
});

export type IncidentRecording = Omit<z.infer<typeof recordingSchema>, 'steps'> & { steps: SessionStep[] };

let loaded: IncidentRecording | undefined;

/** The stored recording, checked against its schema once. */
export function incidentRecording(): IncidentRecording {
  loaded ??= recordingSchema.parse(
    JSON.parse(readFileSync(path.join(import.meta.dirname, INCIDENT_RECORDING), 'utf8')),
  ) as IncidentRecording;
  return loaded;
}

/** The check script's verdict line, as it printed it, from the worker's judgement of it. */
export function verdictOf(outcome: Extract<GradingOutcome, { kind: 'judged' }>) {
  const checks = outcome.checks.map(({ id, passed, score, message, evidence }) => ({
    id,
    passed,
    score,
    message,
    ...(evidence.length > 0 ? { evidence } : {}),
  }));
  const diagnostics = outcome.diagnostics.length > 0 ? { diagnostics: outcome.diagnostics } : {};
  return { verdict: JSON.stringify({ checks, ...diagnostics }), wallMs: outcome.wallMs ?? 0 };
}

/** Terminal output as a reader sees it: no escape sequences, no carriage returns. */
export const shownText = (output: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are the point
  output.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replaceAll('\r', '');
