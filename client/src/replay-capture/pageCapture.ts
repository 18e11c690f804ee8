/**
 * The candidate page's replay recorder: one capture for the whole attempt, bound per challenge,
 * plus the window's focus and blur, and a last send when the page is hidden or closes.
 */
import type { CandidateGrading } from '../../../server/contract/api.ts';
import type { TextChange } from '../../../server/contract/events.ts';
import { ApiError, sendEventBatch } from '../api.ts';
import { type Capture, createCapture } from './capture.ts';

/** Monaco's `IModelContentChange`, the three fields the replay needs. */
export interface EditorChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** What one challenge's workspace reports. */
export interface ChallengeCapture {
  edit: (path: string, changes: readonly EditorChange[]) => void;
  paste: (path: string, size: number) => void;
  fileCreated: (path: string, content: string) => void;
  fileRenamed: (from: string, to: string) => void;
  fileDeleted: (path: string) => void;
  runFinished: (grading: CandidateGrading) => void;
  /** Records the press and sends everything, since the submission closes the challenge's log. */
  beforeSubmit: () => Promise<void>;
}

export interface PageCapture {
  forChallenge: (slug: string) => ChallengeCapture;
  /** The challenge shown now: focus and blur are recorded against it. */
  setActive: (slug: string) => void;
  /** Listens to the window; returns the function that stops listening (and recording). */
  attach: () => () => void;
  capture: Capture;
}

const isRetryable = (error: unknown) =>
  !(error instanceof ApiError) || error.retryable || error.id === 'batch_out_of_order';

export function createPageCapture(
  capture: Capture = createCapture({ send: sendEventBatch, isRetryable }),
): PageCapture {
  let active = '';
  const forChallenge = (challengeSlug: string): ChallengeCapture => ({
    edit(path, changes) {
      if (changes.length === 0) return;
      const mapped: TextChange[] = changes.map((c) => ({
        offset: c.rangeOffset,
        length: c.rangeLength,
        text: c.text,
      }));
      capture.record({ challengeSlug, kind: 'edit', payload: { path, changes: mapped } });
    },
    paste: (path, size) => capture.record({ challengeSlug, kind: 'paste', payload: { path, size } }),
    fileCreated: (path, content) =>
      capture.record({ challengeSlug, kind: 'file_create', payload: { path, content } }),
    fileRenamed: (from, to) => capture.record({ challengeSlug, kind: 'file_rename', payload: { from, to } }),
    fileDeleted: (path) => capture.record({ challengeSlug, kind: 'file_delete', payload: { path } }),
    runFinished(grading) {
      const passed = grading.checks.filter((c) => c.passed).length;
      capture.record({
        challengeSlug,
        kind: 'run',
        payload: { gradingId: grading.id, passed, total: grading.checks.length },
      });
    },
    async beforeSubmit() {
      capture.record({ challengeSlug, kind: 'submit', payload: {} });
      for (let tries = 0; tries < 3; tries += 1) if (await capture.flush()) return;
    },
  });
  return {
    forChallenge,
    setActive(slug) {
      active = slug;
    },
    attach() {
      const onFocus = () => active && capture.record({ challengeSlug: active, kind: 'focus', payload: {} });
      const onBlur = () => active && capture.record({ challengeSlug: active, kind: 'blur', payload: {} });
      const onHide = () => capture.flushOnExit();
      const onVisibility = () => {
        if (document.visibilityState === 'hidden') capture.flushOnExit();
      };
      window.addEventListener('focus', onFocus);
      window.addEventListener('blur', onBlur);
      window.addEventListener('pagehide', onHide);
      document.addEventListener('visibilitychange', onVisibility);
      return () => {
        window.removeEventListener('focus', onFocus);
        window.removeEventListener('blur', onBlur);
        window.removeEventListener('pagehide', onHide);
        document.removeEventListener('visibilitychange', onVisibility);
      };
    },
    capture,
  };
}
