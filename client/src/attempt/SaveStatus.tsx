import { formatClockTime } from '../format.ts';
import type { SaveState } from './draft.ts';

function describe(save: SaveState): string {
  switch (save.kind) {
    case 'saved':
      return save.savedAt === null ? 'All changes saved' : `Saved ${formatClockTime(save.savedAt)}`;
    case 'pending':
    case 'saving':
      return 'Saving…';
    case 'failed':
      return `Not saved: ${save.message}`;
  }
}

/** The autosave's state next to the editor, with a retry when the last save failed. */
export function SaveStatus({ save, onRetry }: { save: SaveState; onRetry: () => void }) {
  const failed = save.kind === 'failed';
  return (
    <div className={`save-status save-status-${save.kind}`} role={failed ? 'alert' : undefined}>
      <span data-testid="save-status">{describe(save)}</span>
      {failed && (
        <button type="button" className="button button-small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
