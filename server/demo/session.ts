/**
 * A demo candidate's session as a script: the events their page would have recorded (edits as
 * Monaco reports them, pastes, a focus loss, created and deleted files), the moments they ran the
 * checks and submitted, each at a planned time since the attempt started. Pure and deterministic,
 * so the demo is the same at every start and its check runs match their recorded verdicts.
 */
import { createHash } from 'node:crypto';
import type { ClientEvent } from '../contract/events.ts';
import { applyEvent, type FileMap, fromFileMap } from '../contract/replay.ts';

/** An event as the page's capture takes it; the capture adds the offset. */
export type CapturedEvent = ClientEvent extends infer E
  ? E extends ClientEvent
    ? Omit<E, 'offsetMs'>
    : never
  : never;

export type WorkspaceFiles = { path: string; content: string }[];

/** What the terminal recorder of a live environment appends in one flush (server/live/terminal-recorder.ts). */
export type TerminalChunk = { stream: 'input' | 'output'; data: string };

/** The check script's verdict line (after its marker) and how long the checks took. */
export interface RecordedVerdict {
  verdict: string;
  wallMs: number;
}

export type SessionStep =
  | { atMs: number; kind: 'event'; event: CapturedEvent }
  /**
   * Saves the files and runs the checks (`run`) or submits them (`submit`), as the page does. A live
   * challenge's checks judge the running system, not the files: its steps carry the verdict the
   * checks gave on the real environment when the session was recorded.
   */
  | { atMs: number; kind: 'run' | 'submit'; files: WorkspaceFiles; verdict?: RecordedVerdict }
  /** A live environment's terminal input and output, as its recorder appended them. */
  | { atMs: number; kind: 'terminal'; chunks: TerminalChunk[] };

/** A stable number in [0, 1) for a seed and a counter (a tiny hash-based generator). */
export function randomFrom(seed: string): () => number {
  let n = 0;
  return () => createHash('sha256').update(`${seed}/${n++}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Writes a session step by step: each action moves the clock on by a human pause and applies its
 * events to the workspace it simulates, so every offset is against the text the page had then.
 */
export class SessionWriter {
  readonly steps: SessionStep[] = [];
  private clock = 0;
  private readonly files: FileMap;
  private readonly random: () => number;
  private readonly slug: string;

  constructor(slug: string, starter: WorkspaceFiles, seed: string) {
    this.slug = slug;
    this.files = new Map(starter.map((f) => [f.path, f.content]));
    this.random = randomFrom(seed);
  }

  get elapsedMs(): number {
    return this.clock;
  }

  /** Moves the clock on by exactly `ms` (time spent outside the editor, in the terminal). */
  advance(ms: number): this {
    this.clock += Math.max(0, Math.round(ms));
    return this;
  }

  /** The workspace as the page has it now. */
  currentFiles(): WorkspaceFiles {
    return fromFileMap(this.files);
  }

  /** Waits between `minMs` and `maxMs` (reading, thinking). */
  pause(minMs: number, maxMs: number): this {
    this.clock += Math.round(minMs + this.random() * (maxMs - minMs));
    return this;
  }

  private record(event: CapturedEvent): void {
    applyEvent(this.files, event);
    this.steps.push({ atMs: this.clock, kind: 'event', event });
  }

  /** Creates an empty file, as the editor's "new file" does. */
  createFile(path: string): this {
    this.pause(2_000, 6_000);
    this.record({ challengeSlug: this.slug, kind: 'file_create', payload: { path, content: '' } });
    return this;
  }

  deleteFile(path: string): this {
    this.pause(3_000, 8_000);
    this.record({ challengeSlug: this.slug, kind: 'file_delete', payload: { path } });
    return this;
  }

  /**
   * Types `text` into `path` at `offset` a word at a time (keystrokes arrive in Monaco's change
   * events; a word per event keeps the demo's log small), with a slip now and then that is erased.
   */
  type(path: string, offset: number, text: string, msPerChar = 180): this {
    let at = offset;
    for (const word of text.match(/\s*\S+|\s+/g) ?? []) {
      this.pause(word.length * msPerChar * 0.6, word.length * msPerChar * 1.4);
      if (word.includes('\n') && this.random() < 0.25) this.pause(4_000, 20_000);
      if (word.trim().length > 4 && this.random() < 0.04) {
        const slip = `${word.slice(0, -2)}${word.at(-1)}`;
        this.edit(path, [{ offset: at, length: 0, text: slip }]);
        this.pause(600, 1_500);
        this.edit(path, [{ offset: at, length: slip.length, text: '' }]);
        this.pause(400, 900);
      }
      this.edit(path, [{ offset: at, length: 0, text: word }]);
      at += word.length;
    }
    return this;
  }

  /** Types a whole file at its end (the candidate writes it top to bottom). */
  typeFile(path: string, text: string, msPerChar?: number): this {
    return this.type(path, this.files.get(path)?.length ?? 0, text, msPerChar);
  }

  /** Replaces the first `find` at or after `from` with `replacement` (select, then type over it). */
  replace(path: string, find: string, replacement: string, from = 0): this {
    const offset = (this.files.get(path) ?? '').indexOf(find, from);
    if (offset < 0) throw new Error(`demo session: "${find}" is not in ${path}`);
    this.pause(3_000, 9_000);
    this.edit(path, [{ offset, length: find.length, text: '' }]);
    return replacement ? this.type(path, offset, replacement) : this;
  }

  /** Pastes `text` at the end of `path`: the page records the paste, then the edit that carries it. */
  paste(path: string, text: string): this {
    this.pause(5_000, 15_000);
    this.record({ challengeSlug: this.slug, kind: 'paste', payload: { path, size: text.length } });
    return this.edit(path, [{ offset: this.files.get(path)?.length ?? 0, length: 0, text }]);
  }

  /** The window loses focus (another tab) for a while, then gets it back. */
  away(minMs: number, maxMs: number): this {
    this.pause(1_000, 3_000);
    this.record({ challengeSlug: this.slug, kind: 'blur', payload: {} });
    this.pause(minMs, maxMs);
    this.record({ challengeSlug: this.slug, kind: 'focus', payload: {} });
    return this;
  }

  run(): this {
    this.pause(2_000, 5_000);
    this.steps.push({ atMs: this.clock, kind: 'run', files: fromFileMap(this.files) });
    this.pause(20_000, 60_000); // reads the results
    return this;
  }

  submit(): this {
    this.pause(10_000, 30_000);
    this.record({ challengeSlug: this.slug, kind: 'submit', payload: {} });
    this.steps.push({ atMs: this.clock + 300, kind: 'submit', files: fromFileMap(this.files) });
    return this;
  }

  private edit(path: string, changes: { offset: number; length: number; text: string }[]): this {
    this.record({ challengeSlug: this.slug, kind: 'edit', payload: { path, changes } });
    return this;
  }
}

/** The key a recorded verdict is stored under: the challenge and the exact files graded. */
export function filesKey(slug: string, files: WorkspaceFiles): string {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
  return createHash('sha256')
    .update(JSON.stringify([slug, sorted]))
    .digest('hex')
    .slice(0, 32);
}
