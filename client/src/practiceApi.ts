import {
  type EnvironmentFile,
  environmentFileSavedSchema,
  environmentFileSchema,
  type LiveEnvironmentState,
  liveEnvironmentSchema,
} from '../../server/contract/live.ts';
import {
  type PracticeCheckRun,
  type PracticeView,
  practiceCheckRunSchema,
  practiceViewSchema,
} from '../../server/contract/practice.ts';
import { call, parseRequest } from './api.ts';

const PRACTICE = '/api/candidate/practice';

/** The practice before the clock: its brief, whether its environment runs, and the last check. */
export function getPractice(): Promise<PracticeView> {
  return call('GET', PRACTICE, practiceViewSchema);
}

/** Starts (or finds) the practice environment; answers once it is ready. */
export function startPracticeEnvironment(): Promise<LiveEnvironmentState> {
  return call('POST', `${PRACTICE}/environment`, liveEnvironmentSchema);
}

/** The practice's check, run in its environment: never recorded as a grading, never counted. */
export function runPracticeCheck(): Promise<PracticeCheckRun> {
  return call('POST', `${PRACTICE}/checks`, practiceCheckRunSchema);
}

/** Reads and writes files of the practice environment (the editor beside its terminal). */
export const practiceFiles = {
  read(path: string): Promise<EnvironmentFile> {
    return call(
      'GET',
      `${PRACTICE}/environment/file?path=${encodeURIComponent(path)}`,
      environmentFileSchema,
    );
  },
  async save(file: EnvironmentFile): Promise<void> {
    await call(
      'PUT',
      `${PRACTICE}/environment/file`,
      environmentFileSavedSchema,
      parseRequest(environmentFileSchema, file),
    );
  },
};

const socketUrl = (path: string) =>
  `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${path}`;

/** The practice terminal's WebSocket (same frames as an assessment's terminal; never recorded). */
export function openPracticeTerminalSocket(size: { cols: number; rows: number }): WebSocket {
  const socket = new WebSocket(socketUrl(`${PRACTICE}/terminal?cols=${size.cols}&rows=${size.rows}`));
  socket.binaryType = 'arraybuffer';
  return socket;
}

/** The system check's echo socket: each small text frame comes back unchanged. */
export function openSystemCheckSocket(): WebSocket {
  return new WebSocket(socketUrl('/api/candidate/system-check/echo'));
}
