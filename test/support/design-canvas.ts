/**
 * Helpers for driving the design canvas in Chromium: by keyboard alone (Tab to a control, arrow
 * keys in a select) and by mouse (dragging between a node's handles), plus what the page watches.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Architecture, architectureSchema } from '../../challenges/_lib/architecture/schema.ts';
import type { Db } from '../../server/db/pool.ts';

/** Presses Tab (Shift+Tab when `back`) until the focused element matches `selector`. */
export async function tabToSelector(page: Page, selector: string, { back = false, max = 300 } = {}) {
  for (let presses = 0; presses < max; presses += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector} in ${max} presses`);
}

/** Presses Tab (Shift+Tab when `back`) until the element with `testId` has focus. */
export function tabTo(page: Page, testId: string, options: { back?: boolean } = {}): Promise<void> {
  return tabToSelector(page, `[data-testid="${testId}"]`, options);
}

/** With a select focused, presses ArrowDown or ArrowUp until it holds `value` (no popup opens). */
export async function chooseWithArrows(page: Page, testId: string, value: string): Promise<void> {
  await tabTo(page, testId);
  const read = () => page.getByTestId(testId).inputValue();
  for (const key of ['ArrowDown', 'ArrowUp'] as const) {
    for (let presses = 0; presses < 30; presses += 1) {
      if ((await read()) === value) return;
      const before = await read();
      await page.keyboard.press(key);
      if ((await read()) === before) break;
    }
  }
  expect(await read()).toBe(value);
}

/** Counts pointer and mouse presses on the page, to prove a journey used none. */
export async function countPointerPresses(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const counted = window as unknown as { pointerPresses: number };
    counted.pointerPresses = 0;
    for (const type of ['pointerdown', 'mousedown', 'touchstart', 'dragstart']) {
      window.addEventListener(type, () => (counted.pointerPresses += 1), true);
    }
  });
  return () => page.evaluate(() => (window as unknown as { pointerPresses: number }).pointerPresses);
}

/** Collects Content-Security-Policy violations the page reports. */
export async function watchPolicy(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('reportDesignPolicyViolation', (line: string) => seen.push(line));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportDesignPolicyViolation: (l: string) => void }).reportDesignPolicyViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`,
      );
    });
  });
  page.on('pageerror', (error) => seen.push(`uncaught: ${error.message}\n${error.stack ?? ''}`));
  return seen;
}

/** Drags from one component's outgoing handle to another's incoming one, as a person would. */
export async function dragConnect(page: Page, from: string, to: string): Promise<void> {
  const handle = async (id: string, kind: 'source' | 'target') => {
    const box = await page
      .locator(`.react-flow__node[data-id="${id}"] .react-flow__handle.${kind}`)
      .boundingBox();
    if (!box) throw new Error(`no ${kind} handle on ${id}`);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };
  const start = await handle(from, 'source');
  const end = await handle(to, 'target');
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
}

/** The saved architecture.json of an attempt, validated by the shared schema. */
export async function savedArchitecture(db: Db, attemptId: string): Promise<Architecture> {
  const { rows } = await db.query<{ content: string }>(
    `select content from attempt_files where attempt_id = $1 and path = 'architecture.json'`,
    [attemptId],
  );
  return architectureSchema.parse(JSON.parse(rows[0]?.content ?? ''));
}

/** The ids of a design's edges as `from>to:kind`, sorted, for comparing with what was drawn. */
export function edgeTriples(doc: Architecture): string[] {
  return doc.edges.map((e) => `${e.from}>${e.to}:${e.kind}`).sort();
}
