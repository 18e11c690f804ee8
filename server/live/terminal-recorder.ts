import type { ServerEvent, ServerEventsInput } from '../commands/append-server-events.ts';

type Stream = 'input' | 'output';

/** Each flush keeps at most this much output; a flood is recorded as its start and its size. */
const MAX_OUTPUT_PER_FLUSH = 32 * 1024;
const FLUSH_MS = 1000;

export type AppendTerminalEvents = (events: ServerEventsInput['events']) => Promise<void>;

/**
 * Collects a terminal's input and output as the server saw them and appends them to the replay log
 * about once a second, in order. Output past 32 KiB a second is summarised, so `yes` cannot flood
 * the log; input is always kept.
 */
export function createTerminalRecorder(append: AppendTerminalEvents, onError: (error: unknown) => void) {
  const decoders = { input: new TextDecoder(), output: new TextDecoder() };
  let pending: ({ stream: Stream; data: string; authorId: string | null } | { event: ServerEvent })[] = [];
  let outputKept = 0;
  let outputDropped = 0;
  let chain = Promise.resolve();

  const push = (stream: Stream, data: string, authorId: string | null = null) => {
    if (!data) return;
    const last = pending.at(-1);
    if (last && 'stream' in last && last.stream === stream && last.authorId === authorId) last.data += data;
    else pending.push({ stream, data, authorId });
  };

  const flush = () => {
    if (outputDropped > 0) push('output', `\r\n[${outputDropped} bytes of output not recorded]\r\n`);
    const events = pending.map(
      (e): ServerEvent =>
        'event' in e
          ? e.event
          : { kind: 'terminal', payload: { stream: e.stream, data: e.data }, authorId: e.authorId },
    );
    pending = [];
    outputKept = 0;
    outputDropped = 0;
    if (events.length === 0) return chain;
    chain = chain.then(() => append(events)).catch(onError);
    return chain;
  };
  const timer = setInterval(flush, FLUSH_MS);
  timer.unref();

  return {
    /** Keystrokes, with the staff member who typed them in a live interview (null: the candidate). */
    input(chunk: Buffer, authorId: string | null = null) {
      push('input', decoders.input.decode(chunk, { stream: true }), authorId);
    },
    output(chunk: Buffer) {
      const room = MAX_OUTPUT_PER_FLUSH - outputKept;
      const kept = room > 0 ? chunk.subarray(0, room) : Buffer.alloc(0);
      outputKept += kept.length;
      outputDropped += chunk.length - kept.length;
      push('output', decoders.output.decode(kept, { stream: true }));
    },
    /** Another event of the terminal (a keyboard hand-over), kept in order with what was typed and shown. */
    event(event: ServerEvent) {
      pending.push({ event });
    },
    /** Flushes what is left; resolves once it is stored. */
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
