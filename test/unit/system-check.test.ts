import { describe, expect, it } from 'vitest';
import {
  browserLine,
  browserOf,
  overallVerdict,
  probeConnection,
  roundTripLine,
  screenLine,
} from '../../client/src/attempt/systemCheck.ts';

/** A socket that fires `event` first (a network that refuses, or one that never answers). */
function fakeSocket(event: 'error' | 'open' | null, echo = false): () => WebSocket {
  return () => {
    const target = new EventTarget() as EventTarget & { send(data: string): void; close(): void };
    target.send = (data: string) => {
      if (echo) setTimeout(() => target.dispatchEvent(new MessageEvent('message', { data })), 1);
    };
    target.close = () => {};
    if (event) setTimeout(() => target.dispatchEvent(new Event(event)), 1);
    return target as unknown as WebSocket;
  };
}

describe('the system check', () => {
  it('reads the browser from its user agent, Edge before the Chrome it also names', () => {
    const chrome =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    expect(browserOf(chrome)).toEqual({ name: 'Chrome', version: 131 });
    expect(browserOf(`${chrome} Edg/131.0.0.0`)).toEqual({ name: 'Edge', version: 131 });
    expect(browserOf('Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15')).toEqual({
      name: 'Safari',
      version: 17,
    });
    expect(browserLine('Mozilla/5.0 (X11; rv:102.0) Gecko/20100101 Firefox/102.0')).toMatchObject({
      verdict: 'warning',
      advice: expect.stringMatching(/update your browser/),
    });
    expect(browserLine('curl/8.0')).toMatchObject({ verdict: 'warning', measured: 'an unknown browser' });
  });

  it('judges the window against the 1280×720 the workspace needs, with what to do', () => {
    expect(screenLine({ width: 1280, height: 720 }, { width: 1920, height: 1080 }).verdict).toBe('ok');
    expect(screenLine({ width: 1100, height: 700 }, { width: 1920, height: 1080 })).toMatchObject({
      verdict: 'warning',
      advice: expect.stringMatching(/maximise it/),
    });
    expect(screenLine({ width: 1100, height: 650 }, { width: 1100, height: 650 })).toMatchObject({
      verdict: 'warning',
      advice: expect.stringMatching(/zoom the page out/),
    });
    expect(screenLine({ width: 800, height: 600 }, { width: 800, height: 600 })).toMatchObject({
      verdict: 'fail',
      advice: expect.stringMatching(/at least 1280×720/),
    });
  });

  it('takes the median round trip: quick is OK, slow a warning, very slow or none a failure', () => {
    expect(roundTripLine([20, 30, 900, 25, 40])).toMatchObject({
      verdict: 'ok',
      measured: '30 ms (median of 5)',
    });
    expect(roundTripLine([300, 310, 320])).toMatchObject({ verdict: 'warning' });
    expect(roundTripLine([800, 900, 700])).toMatchObject({
      verdict: 'fail',
      advice: expect.stringMatching(/Try|use another network/),
    });
    expect(roundTripLine(null)).toMatchObject({ verdict: 'fail', measured: 'no answer' });
    expect(overallVerdict([roundTripLine([10]), roundTripLine([300])])).toBe('warning');
    expect(overallVerdict([roundTripLine([10]), roundTripLine(null)])).toBe('fail');
  });

  it('fails a blocked WebSocket and a socket that never echoes, saying what to do', async () => {
    const [blocked, noTrip] = await probeConnection(fakeSocket('error'));
    expect(blocked).toMatchObject({
      id: 'websocket',
      verdict: 'fail',
      advice: expect.stringMatching(/blocks WebSockets/),
    });
    expect(noTrip).toMatchObject({ id: 'round-trip', verdict: 'fail' });
    const [open, echoed] = await probeConnection(fakeSocket('open', true));
    expect(open).toMatchObject({ verdict: 'ok' });
    expect(echoed).toMatchObject({ verdict: 'ok', measured: expect.stringMatching(/median of 5/) });
  });
});
