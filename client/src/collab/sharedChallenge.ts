/**
 * One challenge's shared document in a live interview: a Y.Doc kept in step with the server by a
 * Hocuspocus provider, whose `files` map holds each file's text by its path. The server fills the
 * document from the saved files the first time it is opened, so this side never writes content of its
 * own accord: it only edits what the server sent.
 */
import { HocuspocusProvider, type HocuspocusProviderWebsocketConfiguration } from '@hocuspocus/provider';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { documentName, FILES_MAP } from '../../../server/contract/interview.ts';
import { createStateCell, type Store } from '../attempt/store.ts';

const RECONNECT: Partial<HocuspocusProviderWebsocketConfiguration> = {
  delay: 500,
  minDelay: 500,
  maxDelay: 4000,
};

/** A file of the shared document; `id` stays the same as long as its Y.Text does (a rename makes a new one). */
export interface SharedFile {
  id: string;
  path: string;
  text: Y.Text;
}

export interface SharedStatus {
  connection: 'connecting' | 'connected' | 'disconnected';
  /** The first exchange with the server is done: the files shown are the server's. */
  synced: boolean;
  /** Local changes the server has not acknowledged yet. */
  unsynced: number;
  /** The server only lets this connection watch (a shadow, a closed challenge). */
  readOnly: boolean;
  /** Why the server refused the document, if it did. */
  denied: string | null;
}

export interface SharedChallenge {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  awareness: Awareness | null;
  files: Store<readonly SharedFile[]>;
  status: Store<SharedStatus>;
  textOf: (id: string) => Y.Text | null;
  addFile: (path: string) => SharedFile;
  renameFile: (id: string, path: string) => void;
  deleteFile: (id: string) => void;
  /** Resolves true once the server holds every local change, false after `timeoutMs`. */
  whenSettled: (timeoutMs: number) => Promise<boolean>;
  connect: () => void;
  disconnect: () => void;
  destroy: () => void;
}

let lastTextId = 0;
const textIds = new WeakMap<Y.Text, string>();
const idOf = (text: Y.Text): string => {
  let id = textIds.get(text);
  if (id === undefined) {
    id = `shared-${++lastTextId}`;
    textIds.set(text, id);
  }
  return id;
};

/** Opens the shared document of one challenge of an attempt over `url` (see interviewApi's collabUrl). */
export function connectSharedChallenge({
  url,
  attemptId,
  slug,
}: {
  url: string;
  attemptId: string;
  slug: string;
}): SharedChallenge {
  const doc = new Y.Doc();
  const map = doc.getMap<Y.Text>(FILES_MAP);
  const files = createStateCell<readonly SharedFile[]>([]);
  const status = createStateCell<SharedStatus>({
    connection: 'connecting',
    synced: false,
    unsynced: 0,
    readOnly: false,
    denied: null,
  });
  const setStatus = (change: Partial<SharedStatus>) => status.set({ ...status.getSnapshot(), ...change });

  const readFiles = () =>
    files.set(
      [...map.entries()]
        .map(([path, text]) => ({ id: idOf(text), path, text }))
        .sort((a, b) => a.path.localeCompare(b.path)),
    );
  map.observe(readFiles);

  const provider = new HocuspocusProvider({
    // Reconnects quickly: in an interview a few seconds without the others' edits is already long
    // (the default backs off to 30 s). The provider hands these to the socket it makes.
    ...RECONNECT,
    url,
    name: documentName(attemptId, slug),
    document: doc,
    // The cookie authenticates the socket; Hocuspocus still expects a token message to start syncing.
    token: 'cookie',
    onStatus: ({ status: connection }) =>
      setStatus({ connection, ...(connection === 'connected' ? {} : { synced: false }) }),
    onSynced: ({ state }) => setStatus({ synced: state }),
    onUnsyncedChanges: ({ number }) => setStatus({ unsynced: number }),
    onAuthenticated: ({ scope }) => setStatus({ readOnly: scope === 'readonly', denied: null }),
    onAuthenticationFailed: ({ reason }) => setStatus({ denied: reason }),
  });

  const find = (id: string) => files.getSnapshot().find((f) => f.id === id);

  return {
    doc,
    provider,
    awareness: provider.awareness,
    files,
    status,
    textOf: (id) => find(id)?.text ?? null,
    addFile(path) {
      const text = new Y.Text();
      map.set(path, text);
      return { id: idOf(text), path, text };
    },
    renameFile(id, path) {
      const file = find(id);
      if (!file || file.path === path) return;
      // Yjs cannot move a shared type: the content goes into a new Y.Text at the new path, in one step.
      doc.transact(() => {
        const content = file.text.toString();
        map.delete(file.path);
        map.set(path, new Y.Text(content));
      });
    },
    deleteFile(id) {
      const file = find(id);
      if (file) map.delete(file.path);
    },
    whenSettled(timeoutMs) {
      const settled = () => {
        const s = status.getSnapshot();
        return s.connection === 'connected' && s.synced && s.unsynced === 0;
      };
      if (settled()) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = window.setTimeout(() => finish(false), timeoutMs);
        const unsubscribe = status.subscribe(() => {
          if (settled()) finish(true);
        });
        function finish(result: boolean) {
          window.clearTimeout(timer);
          unsubscribe();
          resolve(result);
        }
      });
    },
    connect() {
      // Connecting again while a connection is being made would drop that one half-open.
      if (status.getSnapshot().connection === 'disconnected') void provider.connect();
    },
    disconnect: () => provider.disconnect(),
    destroy() {
      map.unobserve(readFiles);
      provider.destroy();
      doc.destroy();
    },
  };
}
