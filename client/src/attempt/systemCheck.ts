import { openSystemCheckSocket } from '../practiceApi.ts';

export type Verdict = 'ok' | 'warning' | 'fail';

/** One line of the system check: what was measured, its verdict, and what to do when it is not ok. */
export interface CheckLine {
  id: 'websocket' | 'round-trip' | 'browser' | 'screen';
  label: string;
  measured: string;
  verdict: Verdict;
  advice: string | null;
}

/** The workspace (file tree, editor, terminal side by side) is laid out for this viewport. */
export const MINIMUM_VIEWPORT = { width: 1280, height: 720 } as const;
const ROUND_TRIPS = 5;
const OPEN_TIMEOUT_MS = 5000;
const ECHO_TIMEOUT_MS = 3000;
const ASK_FOR_HELP =
  'If it still fails, tell the person who invited you before you start: they can help or move your slot.';

const SUPPORTED: Record<string, number> = {
  Chrome: 110,
  Chromium: 110,
  Edge: 110,
  Opera: 96,
  Firefox: 115,
  Safari: 16,
};

/** The browser's name and major version from its user agent (the order matters: Edge says Chrome too). */
export function browserOf(userAgent: string): { name: string; version: number | null } {
  const patterns: [string, RegExp][] = [
    ['Edge', /Edg\/(\d+)/],
    ['Opera', /OPR\/(\d+)/],
    ['Firefox', /Firefox\/(\d+)/],
    ['Chromium', /Chromium\/(\d+)/],
    ['Chrome', /(?:Headless)?Chrome\/(\d+)/],
    ['Safari', /Version\/(\d+)[.\d]* .*Safari\//],
  ];
  for (const [name, pattern] of patterns) {
    const match = pattern.exec(userAgent);
    if (match) return { name, version: Number(match[1]) };
  }
  return { name: 'an unknown browser', version: null };
}

export function browserLine(userAgent: string): CheckLine {
  const { name, version } = browserOf(userAgent);
  const minimum = SUPPORTED[name];
  const measured = version === null ? name : `${name} ${version}`;
  const base = { id: 'browser' as const, label: 'Browser', measured };
  if (minimum === undefined || version === null)
    return {
      ...base,
      verdict: 'warning',
      advice:
        'Gauntlet is tested in current Chrome, Edge, Firefox and Safari; if something looks wrong, switch to one of them.',
    };
  if (version < minimum)
    return {
      ...base,
      verdict: 'warning',
      advice: `${name} ${version} is older than the ${name} ${minimum} Gauntlet is tested with: update your browser before you start.`,
    };
  return { ...base, verdict: 'ok', advice: null };
}

export function screenLine(
  viewport: { width: number; height: number },
  screen: { width: number; height: number },
): CheckLine {
  const { width, height } = MINIMUM_VIEWPORT;
  const base = {
    id: 'screen' as const,
    label: 'Screen and window',
    measured: `window ${viewport.width}×${viewport.height}, screen ${screen.width}×${screen.height} (the workspace needs ${width}×${height})`,
  };
  if (viewport.width >= width && viewport.height >= height) return { ...base, verdict: 'ok', advice: null };
  if (screen.width >= width && screen.height >= height)
    return {
      ...base,
      verdict: 'warning',
      advice:
        'Your window is smaller than the workspace needs: maximise it, or make it full screen (F11), then check again.',
    };
  if (viewport.width >= 1024)
    return {
      ...base,
      verdict: 'warning',
      advice:
        'Your screen is a little small: zoom the page out (Ctrl and −, or ⌘ and −) so the editor and terminal fit, or use a larger screen.',
    };
  return {
    ...base,
    verdict: 'fail',
    advice: `The workspace does not fit a screen this small: use a computer with a screen of at least ${width}×${height}. ${ASK_FOR_HELP}`,
  };
}

export function roundTripLine(millis: number[] | null): CheckLine {
  const base = { id: 'round-trip' as const, label: 'Terminal round trip' };
  if (!millis || millis.length === 0)
    return {
      ...base,
      measured: 'no answer',
      verdict: 'fail',
      advice: `Nothing came back through the server, so a terminal would not answer either. Try another network. ${ASK_FOR_HELP}`,
    };
  const sorted = [...millis].sort((a, b) => a - b);
  const median = Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0);
  const measured = `${median} ms (median of ${millis.length})`;
  if (median <= 150) return { ...base, measured, verdict: 'ok', advice: null };
  if (median <= 500)
    return {
      ...base,
      measured,
      verdict: 'warning',
      advice:
        'Typing in the terminal will feel a little slow. A wired connection, or closing downloads and video calls, helps.',
    };
  return {
    ...base,
    measured,
    verdict: 'fail',
    advice: `Your connection is too slow for a comfortable terminal: move closer to your Wi-Fi, use another network, or close downloads and video calls. ${ASK_FOR_HELP}`,
  };
}

const websocketFail = (measured: string): CheckLine => ({
  id: 'websocket',
  label: 'WebSocket to the server',
  measured,
  verdict: 'fail',
  advice: `Your network, a proxy, a VPN or a browser extension blocks WebSockets, which the terminal needs. Try another network (a phone's hotspot works), turn the VPN or proxy off, or allow this site in your ad blocker. ${ASK_FOR_HELP}`,
});

/** Opens the echo socket, then times `ROUND_TRIPS` echoes one after the other. */
export async function probeConnection(open: () => WebSocket = openSystemCheckSocket): Promise<CheckLine[]> {
  let socket: WebSocket;
  try {
    socket = open();
  } catch {
    return [websocketFail('could not open'), roundTripLine(null)];
  }
  const started = performance.now();
  const opened = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), OPEN_TIMEOUT_MS);
    const settle = (value: boolean) => () => {
      clearTimeout(timer);
      resolve(value);
    };
    socket.addEventListener('open', settle(true), { once: true });
    socket.addEventListener('error', settle(false), { once: true });
    socket.addEventListener('close', settle(false), { once: true });
  });
  if (!opened) {
    socket.close();
    return [websocketFail('blocked or unreachable'), roundTripLine(null)];
  }
  const connected: CheckLine = {
    id: 'websocket',
    label: 'WebSocket to the server',
    measured: `connected in ${Math.round(performance.now() - started)} ms`,
    verdict: 'ok',
    advice: null,
  };
  const millis: number[] = [];
  // The first echo warms the path up (and waits out a busy page); it is not counted.
  for (let i = -1; i < ROUND_TRIPS; i++) {
    const token = `ping-${i}-${Math.random().toString(36).slice(2)}`;
    const sent = performance.now();
    const echoed = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ECHO_TIMEOUT_MS);
      const onMessage = (event: MessageEvent) => {
        if (event.data !== token) return;
        clearTimeout(timer);
        socket.removeEventListener('message', onMessage);
        resolve(true);
      };
      socket.addEventListener('message', onMessage);
      socket.send(token);
    });
    if (!echoed) break;
    if (i >= 0) millis.push(performance.now() - sent);
  }
  socket.close();
  return [connected, roundTripLine(millis.length === ROUND_TRIPS ? millis : null)];
}

/** Every line, in the order the page shows them. */
export async function runSystemCheck(): Promise<CheckLine[]> {
  const connection = await probeConnection();
  return [
    ...connection,
    browserLine(navigator.userAgent),
    screenLine(
      { width: window.innerWidth, height: window.innerHeight },
      { width: window.screen.width, height: window.screen.height },
    ),
  ];
}

/** The worst verdict of the lines: what the page says about the whole. */
export function overallVerdict(lines: readonly CheckLine[]): Verdict {
  if (lines.some((l) => l.verdict === 'fail')) return 'fail';
  if (lines.some((l) => l.verdict === 'warning')) return 'warning';
  return 'ok';
}
