import type { IncomingMessage } from 'node:http';
import { Hocuspocus, isTransactionOrigin } from '@hocuspocus/server';
import type { Request } from 'express';
import { type WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { requireCandidate, requireStaff } from '../auth/guards.ts';
import { challengeVariant } from '../challenges/variants.ts';
import { appendServerEvents } from '../commands/append-server-events.ts';
import { attemptPhase } from '../commands/attempt-state.ts';
import { saveFiles } from '../commands/save-files.ts';
import { saveFilesRequestSchema } from '../contract/api.ts';
import { DOCUMENT_NAME } from '../contract/interview.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import type { LogLine } from '../logging.ts';
import { type AttemptRow, findAttempt, findVariantSeed } from '../queries/attempts.ts';
import { listAttemptFiles } from '../queries/files.ts';
import { submittedSlugs } from '../queries/gradings.ts';
import {
  findInterview,
  findInterviewOfAttempt,
  loadDocumentState,
  storeDocumentState,
} from '../queries/interviews.ts';
import { takeDueSnapshots } from '../replay/take-snapshots.ts';
import type { SocketRoute } from '../sockets.ts';
import { type FileEvent, filesOf, fillDocument, watchFileEvents } from './record-edits.ts';

/** Who is on the other end of a shared-document connection, as the upgrade authenticated them. */
export interface CollabParticipant {
  attemptId: string;
  organisationId: string;
  /** Null for the candidate. */
  staffUserId: string | null;
  name: string;
  colour: string;
  /** A shadow: sees every change, makes none. */
  readOnly: boolean;
}

/** Edits reach the replay log in batches this often. */
const RECORD_EVERY_MS = 300;

/**
 * The shared documents of live interviews (Yjs, served by Hocuspocus inside the API process): one per
 * challenge of an attempt, holding each file as a Y.Text. A document is loaded from PostgreSQL (or
 * filled from the saved files the first time), stored back a moment after each change and projected
 * into the attempt's saved files, which stay what grading reads. Every change is recorded in the
 * replay with its author. A shadow's connection is read-only; a closed challenge's is too.
 */
export function createCollabServer(deps: AppDeps, log: LogLine = () => {}) {
  const stopWatching = new Map<string, () => void>();
  const pending = new Map<string, FileEvent[]>();
  let recording = Promise.resolve();

  const parse = (documentName: string) => {
    const match = DOCUMENT_NAME.exec(documentName);
    if (!match) throw new HttpError(404, 'no_such_document', `No document ${documentName}.`);
    return { attemptId: match[1] ?? '', slug: match[2] ?? '' };
  };

  /** May this challenge's files still change (the attempt running, the challenge not submitted)? */
  const writable = async (attemptId: string, slug: string, known?: AttemptRow) => {
    const attempt = known ?? (await findAttempt(deps.db, attemptId));
    if (!attempt || attemptPhase(attempt) !== 'in_progress') return false;
    return !(await submittedSlugs(deps.db, attemptId)).includes(slug);
  };

  // Whether each document may still change, asked at most once a second per document: the answer
  // (or the question in flight) is shared by every message that arrives meanwhile.
  const openness = new Map<string, { writable: Promise<boolean>; at: number }>();
  const stillWritable = (documentName: string): Promise<boolean> => {
    const known = openness.get(documentName);
    if (known && Date.now() - known.at < 1000) return known.writable;
    const { attemptId, slug } = parse(documentName);
    const answer = writable(attemptId, slug);
    openness.set(documentName, { writable: answer, at: Date.now() });
    return answer;
  };

  const flushRecords = () => {
    const batches = [...pending.entries()];
    pending.clear();
    for (const [documentName, events] of batches) {
      const { attemptId, slug } = parse(documentName);
      const organisationId = organisations.get(attemptId);
      if (!organisationId) continue;
      const challenge = deps.catalogue.challenges.get(slug);
      recording = recording
        .then(async () => {
          const starter = challenge
            ? challengeVariant(challenge, await findVariantSeed(deps.db, attemptId)).starter
            : [];
          await appendServerEvents(deps.db, { organisationId, attemptId, challengeSlug: slug, events });
          // As for the candidate's own batches: a seek then replays from the nearest snapshot.
          await takeDueSnapshots(deps.db, starter, attemptId, slug);
        })
        .catch((error: unknown) => log(`recording shared edits failed: ${String(error)}`));
    }
    return recording;
  };
  const timer = setInterval(() => void flushRecords(), RECORD_EVERY_MS);
  timer.unref();
  const organisations = new Map<string, string>();

  const authorOf = (origin: unknown): string | null => {
    if (!isTransactionOrigin(origin) || origin.source !== 'connection') return null;
    return (origin.connection.context as CollabParticipant).staffUserId;
  };

  const hocuspocus = new Hocuspocus<CollabParticipant>({
    quiet: true,
    // Stored (and projected into the saved files) half a second after typing stops, at least every 2 s.
    debounce: 500,
    maxDebounce: 2000,
    async onConnect({ documentName, context, connectionConfig }) {
      const { attemptId, slug } = parse(documentName);
      if (attemptId !== context.attemptId)
        throw new HttpError(403, 'forbidden', 'Not this attempt’s document.');
      const attempt = await findAttempt(deps.db, attemptId);
      if (!attempt?.challengeSlugs.includes(slug))
        throw new HttpError(404, 'no_such_document', 'No such challenge.');
      // Before the start there are no files to share: a document loaded now would stay empty for
      // as long as anyone kept it open, hiding the starter files the start is about to save.
      if (attemptPhase(attempt) === 'not_started')
        throw new HttpError(409, 'not_started', 'The candidate has not started yet.');
      organisations.set(attemptId, attempt.organisationId);
      connectionConfig.readOnly = context.readOnly || !(await writable(attemptId, slug, attempt));
    },
    /**
     * A challenge that closed (submitted, or its time ran out) while someone was connected takes no
     * more changes: their connection is closed, and reopens read-only.
     */
    async beforeHandleMessage({ connection, documentName }) {
      if (connection.readOnly || (await stillWritable(documentName))) return;
      throw Object.assign(new Error(`${documentName} is closed`), { code: 4403, reason: 'closed' });
    },
    async onLoadDocument({ document, documentName }) {
      const { attemptId, slug } = parse(documentName);
      const state = await loadDocumentState(deps.db, attemptId, slug);
      if (state) Y.applyUpdate(document, state);
      else fillDocument(document, await listAttemptFiles(deps.db, attemptId, slug));
      return document;
    },
    async afterLoadDocument({ document, documentName }) {
      stopWatching.get(documentName)?.();
      stopWatching.set(
        documentName,
        watchFileEvents(document, authorOf, (events) => {
          pending.set(documentName, [...(pending.get(documentName) ?? []), ...events]);
        }),
      );
    },
    /** Names and colours come from the server's record of who is connected, never from the page. */
    async beforeHandleAwareness({ states, context }) {
      if (!context) return;
      for (const state of states.values()) {
        state.user = {
          name: context.name,
          colour: context.colour,
          kind: context.staffUserId ? 'staff' : 'candidate',
        };
      }
    },
    async onStoreDocument({ document, documentName }) {
      const { attemptId, slug } = parse(documentName);
      await storeDocumentState(deps.db, attemptId, slug, Y.encodeStateAsUpdate(document));
      const parsed = saveFilesRequestSchema.safeParse({ files: filesOf(document) });
      if (!parsed.success) {
        log(`shared files of ${documentName} not saved: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        return;
      }
      try {
        await saveFiles(deps, attemptId, slug, parsed.data.files);
      } catch (error) {
        // A submitted or expired challenge keeps the files it was graded on.
        if (!(error instanceof HttpError)) throw error;
      }
    },
    async afterUnloadDocument({ documentName }) {
      stopWatching.get(documentName)?.();
      stopWatching.delete(documentName);
      openness.delete(documentName);
    },
  });

  return {
    hocuspocus,
    /** Serves one authenticated WebSocket. */
    handle(ws: WebSocket, req: IncomingMessage, participant: CollabParticipant) {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      const request = new Request(`http://localhost${req.url ?? '/'}`, { headers });
      const connection = hocuspocus.handleConnection(ws, request, participant);
      ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
        if (!isBinary) return;
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        connection.handleMessage(new Uint8Array(bytes));
      });
      ws.on('close', (code: number, reason: Buffer) =>
        connection.handleClose({ code, reason: reason.toString() }),
      );
    },
    /** Stores every document now and waits for the replay's records (a shutdown, or before grading). */
    async flush() {
      // Hocuspocus's own flushPendingStores does not wait for the stores it starts.
      const stores = [...hocuspocus.documents.values()].map((document) => {
        const id = `onStoreDocument-${document.name}`;
        return hocuspocus.debouncer.isDebounced(id) ? hocuspocus.debouncer.executeNow(id) : undefined;
      });
      await Promise.allSettled(stores);
      await flushRecords();
    },
    close() {
      clearInterval(timer);
      hocuspocus.closeConnections();
    },
  };
}
export type CollabServer = ReturnType<typeof createCollabServer>;

const COLLAB_PATH = /^\/api\/collab(?:\?(.*))?$/;
/** A colour per participant, by their place in the interview (the candidate's is the first). */
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#e377c2', '#8c564b'];

/**
 * The shared documents' WebSocket, /api/collab: `?as=candidate` with the candidate's cookie (their own
 * interview attempt only), or `?as=staff&interview=<id>` with a staff cookie of a participant of that
 * interview in their organisation (read-only for a shadow). Anything else is refused before upgrade.
 */
export function collabSocketRoute(
  deps: AppDeps,
  collab: CollabServer,
): { route: SocketRoute; close: () => void } {
  // A whole file set is at most 2 MiB; an update carrying one fits with room to spare.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  const participant = async (req: IncomingMessage, query: URLSearchParams): Promise<CollabParticipant> => {
    if (query.get('as') === 'candidate') {
      const attemptId = await requireCandidate(req, deps);
      const interview = await findInterviewOfAttempt(deps.db, attemptId);
      if (!interview) throw new HttpError(404, 'not_found', 'This attempt is not a live interview.');
      return {
        attemptId,
        organisationId: interview.organisationId,
        staffUserId: null,
        name: interview.candidateName,
        colour: COLOURS[0] ?? '#1f77b4',
        readOnly: false,
      };
    }
    const user = await requireStaff(req as Request, deps);
    const interview = await findInterview(deps.db, user.organisationId, query.get('interview') ?? '');
    if (!interview) throw new HttpError(404, 'not_found', 'The interview was not found.');
    const index = interview.participants.findIndex((p) => p.staffUserId === user.id);
    const role = interview.participants[index]?.role;
    if (!role) throw new HttpError(403, 'forbidden', 'Join the interview first.');
    return {
      attemptId: interview.attemptId,
      organisationId: interview.organisationId,
      staffUserId: user.id,
      name: user.name,
      colour: COLOURS[(index + 1) % COLOURS.length] ?? '#d62728',
      readOnly: role === 'shadow',
    };
  };
  return {
    route: {
      name: 'WS /api/collab',
      path: COLLAB_PATH,
      async upgrade(req, socket, head, match) {
        const query = new URLSearchParams(match[1] ?? '');
        if (query.has('interview') && !/^[0-9a-f-]{36}$/.test(query.get('interview') ?? ''))
          throw new HttpError(404, 'not_found', 'The interview was not found.');
        const who = await participant(req, query);
        wss.handleUpgrade(req, socket, head, (ws) => collab.handle(ws, req, who));
      },
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
