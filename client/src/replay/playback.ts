/**
 * The replay's model, built once from the log: when each event happened, the files of each
 * challenge at any event (from in-memory keyframes every few hundred file events, so seeking is
 * cheap), the idle stretches playback may skip and the markers the timeline shows. In a live
 * interview the markers also show who did what: complications, keyboard hand-overs and the
 * stretches in which a staff member edited the files or typed in the terminal. Time the platform
 * credited back after its own fault is marked too.
 */
import type { Replay, ReplayGrading, StoredEvent } from '../../../server/contract/events.ts';
import { applyEvent, FILE_EVENT_KINDS, type FileMap, toFileMap } from '../../../server/contract/replay.ts';
import { TIME_CREDIT_REASONS, type TimeCreditCause } from '../../../server/contract/time-credits.ts';

/** A paste at least this long gets a marker. */
export const LARGE_PASTE = 200;
/** A pause between events longer than this is idle; playback can skip it. */
export const IDLE_MS = 5000;
/** A staff member's stretch of edits or typing ends after this long without another of theirs. */
export const STAFF_GAP_MS = 60_000;
const KEYFRAME_EVERY = 200;

export type Marker =
  | { kind: 'run' | 'submit'; at: number; grading: ReplayGrading }
  | { kind: 'paste'; at: number; seq: number; size: number; path: string }
  | { kind: 'away'; at: number; until: number }
  | { kind: 'complication'; at: number; seq: number; title: string; ok: boolean; author: string | null }
  /** The platform gave time back after its own fault (accommodations). */
  | {
      kind: 'time_credit';
      at: number;
      seq: number;
      cause: TimeCreditCause;
      minutes: number;
    }
  | {
      kind: 'keyboard';
      at: number;
      seq: number;
      action: 'requested' | 'given' | 'taken_back';
      holder: string;
      author: string | null;
    }
  /** A staff member edited files (`paths`) or typed in the terminal, from `at` until `until`. */
  | {
      kind: 'staff';
      at: number;
      until: number;
      seq: number;
      author: string;
      paths: string[];
      terminal: boolean;
    };

interface Keyframe {
  /** Index into `events` of the last event applied (-1: the starter). */
  index: number;
  files: FileMap;
}

export interface Playback {
  events: readonly StoredEvent[];
  times: readonly number[];
  start: number;
  end: number;
  markers: readonly Marker[];
  /** Pauses longer than IDLE_MS, as [from, to]. */
  idle: ReadonlyArray<readonly [number, number]>;
  hasTerminal: boolean;
  /**
   * The terminal keyboard's hand-overs, in order: after the event at `index`, `holder` types in the
   * terminal of `slug` (a staff member's name; null for the candidate).
   */
  handovers: ReadonlyArray<{ index: number; slug: string; holder: string | null }>;
  /** Index of the last event at or before `at` (-1 when none). */
  indexAt: (at: number) => number;
  /** A challenge's files right after the event at `index` (the starter for -1). */
  filesAt: (slug: string, index: number) => FileMap;
}

export function buildPlayback(replay: Replay, events: readonly StoredEvent[]): Playback {
  const times = events.map((e) => Date.parse(e.at));
  const gradingTimes = replay.gradings.map((g) => Date.parse(g.createdAt));
  const started = replay.attempt.startedAt ? Date.parse(replay.attempt.startedAt) : Number.POSITIVE_INFINITY;
  const start = Math.min(started, times[0] ?? Number.POSITIVE_INFINITY, ...gradingTimes);
  const submitted = replay.attempt.submittedAt ? Date.parse(replay.attempt.submittedAt) : 0;
  const rawEnd = Math.max(times.at(-1) ?? 0, submitted, ...gradingTimes);
  const safeStart = Number.isFinite(start) ? start : Date.now();
  const end = Math.max(rawEnd, safeStart + 1000);

  const keyframes = new Map<string, Keyframe[]>();
  for (const challenge of replay.challenges) {
    const files = toFileMap(challenge.starter);
    const frames: Keyframe[] = [{ index: -1, files: new Map(files) }];
    let count = 0;
    for (const [index, event] of events.entries()) {
      if (event.challengeSlug !== challenge.slug || !FILE_EVENT_KINDS.has(event.kind)) continue;
      applyEvent(files, event);
      count += 1;
      if (count % KEYFRAME_EVERY === 0) frames.push({ index, files: new Map(files) });
    }
    keyframes.set(challenge.slug, frames);
  }

  const indexAt = (at: number) => {
    let low = 0;
    let high = times.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((times[mid] ?? 0) <= at) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  };

  const filesAt = (slug: string, index: number): FileMap => {
    const frames = keyframes.get(slug) ?? [{ index: -1, files: new Map() }];
    let frame = frames[0] as Keyframe;
    for (const candidate of frames) if (candidate.index <= index) frame = candidate;
    const files = new Map(frame.files);
    for (let i = frame.index + 1; i <= index; i += 1) {
      const event = events[i];
      if (event && event.challengeSlug === slug) applyEvent(files, event);
    }
    return files;
  };

  return {
    events,
    times,
    start: safeStart,
    end,
    markers: markersOf(replay, events, times, end),
    // Check runs are activity too: skipping idle never jumps over one.
    idle: idleStretches(
      safeStart,
      [...times, ...gradingTimes].sort((a, b) => a - b),
      end,
    ),
    hasTerminal: events.some((e) => e.kind === 'terminal'),
    handovers: handoversOf(events),
    indexAt,
    filesAt,
  };
}

function markersOf(replay: Replay, events: readonly StoredEvent[], times: readonly number[], end: number) {
  const markers: Marker[] = replay.gradings.map((grading) => ({
    kind: grading.kind,
    at: Date.parse(grading.createdAt),
    grading,
  }));
  let awaySince: number | null = null;
  for (const [index, event] of events.entries()) {
    const at = times[index] ?? 0;
    const author = event.authorName ?? null;
    if (event.kind === 'complication') {
      const { title, ok } = event.payload;
      markers.push({ kind: 'complication', at, seq: event.seq, title, ok, author });
    } else if (event.kind === 'time_credit') {
      const { cause, appliedMinutes } = event.payload;
      markers.push({ kind: 'time_credit', at, seq: event.seq, cause, minutes: appliedMinutes });
    } else if (event.kind === 'keyboard') {
      const { action, holder } = event.payload;
      markers.push({ kind: 'keyboard', at, seq: event.seq, action, holder, author });
    } else if (event.kind === 'paste' && event.payload.size >= LARGE_PASTE) {
      markers.push({ kind: 'paste', at, seq: event.seq, size: event.payload.size, path: event.payload.path });
    } else if (event.kind === 'blur' && awaySince === null) {
      awaySince = at;
    } else if (
      // The candidate is back when the page regains focus or they edit; a staff member's edit says nothing.
      (event.kind === 'focus' || (event.kind === 'edit' && author === null)) &&
      awaySince !== null
    ) {
      markers.push({ kind: 'away', at: awaySince, until: at });
      awaySince = null;
    }
  }
  if (awaySince !== null) markers.push({ kind: 'away', at: awaySince, until: end });
  markers.push(...staffStretches(events, times));
  return markers.sort((a, b) => a.at - b.at);
}

type StaffStretch = Extract<Marker, { kind: 'staff' }>;

/**
 * The stretches in which a staff member edited the files or typed in the terminal: one lasts while
 * the same person keeps acting, and ends when someone else acts or after STAFF_GAP_MS without them.
 */
function staffStretches(events: readonly StoredEvent[], times: readonly number[]): StaffStretch[] {
  const stretches: StaffStretch[] = [];
  let current: StaffStretch | null = null;
  for (const [index, event] of events.entries()) {
    if (!isAction(event)) continue;
    const at = times[index] ?? 0;
    const author = event.authorName ?? null;
    if (current === null || current.author !== author || at - current.until > STAFF_GAP_MS) {
      current = null;
      if (author === null) continue;
      current = { kind: 'staff', at, until: at, seq: event.seq, author, paths: [], terminal: false };
      stretches.push(current);
    }
    current.until = at;
    if (event.kind === 'terminal') current.terminal = true;
    else {
      const path = event.kind === 'file_rename' ? event.payload.to : event.payload.path;
      if (!current.paths.includes(path)) current.paths.push(path);
    }
  }
  return stretches;
}

type ActionEvent = Extract<
  StoredEvent,
  { kind: 'edit' | 'file_create' | 'file_rename' | 'file_delete' | 'paste' | 'terminal' }
>;

/** What someone did to the files or the terminal (not what the terminal printed back). */
function isAction(event: StoredEvent): event is ActionEvent {
  if (event.kind === 'terminal') return event.payload.stream === 'input';
  return FILE_EVENT_KINDS.has(event.kind) || event.kind === 'paste';
}

/**
 * What a staff member did in an event, in words ("typed in the terminal by Ada"); null for what the
 * candidate did and what the server observed.
 */
export function authorLabel(event: StoredEvent | undefined): string | null {
  if (!event?.authorName) return null;
  const by = `by ${event.authorName}`;
  switch (event.kind) {
    case 'edit':
      return `edited ${event.payload.path} ${by}`;
    case 'file_create':
      return `created ${event.payload.path} ${by}`;
    case 'file_delete':
      return `deleted ${event.payload.path} ${by}`;
    case 'file_rename':
      return `renamed ${event.payload.from} to ${event.payload.to} ${by}`;
    case 'terminal':
      return event.payload.stream === 'input' ? `typed in the terminal ${by}` : null;
    case 'complication':
      return `complication ${by}`;
    case 'keyboard':
      return `keyboard hand-over ${by}`;
    default:
      return by;
  }
}

function handoversOf(events: readonly StoredEvent[]): Playback['handovers'] {
  return events.flatMap((event, index) => {
    if (event.kind !== 'keyboard' || event.payload.action === 'requested') return [];
    // Only the holder gives: the candidate to a staff member, a staff member back to the candidate.
    const toStaff = event.payload.action === 'given' && !event.authorName;
    return [{ index, slug: event.challengeSlug, holder: toStaff ? event.payload.holder : null }];
  });
}

/** The staff member holding a challenge's terminal keyboard after the event at `index` (null: the candidate). */
export function keyboardHolderAt(playback: Playback, slug: string, index: number): string | null {
  for (let i = playback.handovers.length - 1; i >= 0; i -= 1) {
    const handover = playback.handovers[i];
    if (handover && handover.index <= index && handover.slug === slug) return handover.holder;
  }
  return null;
}

function idleStretches(start: number, times: readonly number[], end: number) {
  const idle: Array<readonly [number, number]> = [];
  let previous = start;
  for (const at of [...times, end]) {
    if (at - previous > IDLE_MS) idle.push([previous, at] as const);
    previous = Math.max(previous, at);
  }
  return idle;
}

/** Where playback lands after `at` when idle stretches are skipped: just before the next activity. */
export function skipIdle(playback: Playback, at: number): number {
  for (const [from, to] of playback.idle) {
    if (at >= from + 500 && at < to - 500) return to - 500;
  }
  return at;
}

/** When the event `seq` happened: the start for 0 (before any event), the end past the log. */
export function timeOfSeq(playback: Playback, seq: number): number {
  if (seq <= 0) return playback.start;
  const index = playback.events.findIndex((e) => e.seq >= seq);
  return index < 0 ? playback.end : (playback.times[index] ?? playback.end);
}

export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** A marker in words, with its time from the start: for the timeline's tooltips and the moments list. */
export function markerLabel(marker: Marker, start: number): string {
  const when = formatOffset(marker.at - start);
  if (marker.kind === 'paste') return `${when} pasted ${marker.size} characters into ${marker.path}`;
  if (marker.kind === 'away')
    return `${when} away from the window for ${formatOffset(marker.until - marker.at)}`;
  if (marker.kind === 'complication')
    return `${when} ${marker.author ?? 'An interviewer'} triggered: ${marker.title}${marker.ok ? '' : ' (the script failed)'}`;
  if (marker.kind === 'keyboard') return `${when} ${keyboardText(marker)}`;
  if (marker.kind === 'time_credit')
    return `${when} the platform added ${marker.minutes} min: ${TIME_CREDIT_REASONS[marker.cause]}`;
  if (marker.kind === 'staff') return `${when} ${staffText(marker)}`;
  const { passed, total, status } = marker.grading;
  const verb = marker.kind === 'run' ? 'ran the checks' : 'submitted';
  if (status === 'superseded') return `${when} ${verb} (replaced by a newer run before it started)`;
  return status === 'done' ? `${when} ${verb}: ${passed}/${total} passed` : `${when} ${verb} (${status})`;
}

function keyboardText(marker: Extract<Marker, { kind: 'keyboard' }>): string {
  if (marker.action === 'requested') return `${marker.holder} asked for the keyboard`;
  if (marker.action === 'taken_back') return 'The candidate took the keyboard back';
  return marker.author === null
    ? `Keyboard given to ${marker.holder}`
    : `Keyboard given back to the candidate by ${marker.author}`;
}

const MAX_PATHS = 3;

function staffText(marker: Extract<Marker, { kind: 'staff' }>): string {
  const shown = marker.paths.slice(0, MAX_PATHS).join(', ');
  const more = marker.paths.length > MAX_PATHS ? ` and ${marker.paths.length - MAX_PATHS} more` : '';
  const did = [
    ...(marker.paths.length > 0 ? [`edited ${shown}${more}`] : []),
    ...(marker.terminal ? ['typed in the terminal'] : []),
  ];
  return `${marker.author} ${did.join(' and ')}`;
}
