import { type FormEvent, useState } from 'react';
import type { ReplayNote } from '../../../server/contract/events.ts';
import { createReplayNote, errorMessage } from '../api.ts';
import { formatOffset } from './playback.ts';
import './NotesPanel.css';

interface NotesPanelProps {
  attemptId: string;
  notes: readonly ReplayNote[];
  /** Where a new note is pinned: the challenge shown and the last event at the moment. */
  moment: { challengeSlug: string; seq: number; offsetMs: number };
  timeOf: (seq: number) => number;
  start: number;
  onAdded: (note: ReplayNote) => void;
  onSeek: (at: number) => void;
}

/** Interviewers' notes pinned to moments of the replay; clicking one seeks there. */
export function NotesPanel({ attemptId, notes, moment, timeOf, start, onAdded, onSeek }: NotesPanelProps) {
  const [body, setBody] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      onAdded(
        await createReplayNote(attemptId, { challengeSlug: moment.challengeSlug, seq: moment.seq, body }),
      );
      setBody('');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="replay-notes" aria-label="Notes">
      <h2 className="replay-side-heading">Notes</h2>
      <ol className="replay-note-list" data-testid="replay-notes">
        {notes.map((note) => (
          <li key={note.id}>
            <button
              type="button"
              className="replay-note"
              onClick={() => onSeek(timeOf(note.seq))}
              data-testid="replay-note"
            >
              <span className="replay-note-time">{formatOffset(timeOf(note.seq) - start)}</span>
              <span className="replay-note-body">{note.body}</span>
              {note.authorName && <span className="replay-note-author">{note.authorName}</span>}
            </button>
          </li>
        ))}
      </ol>
      <form className="replay-note-form" onSubmit={(event) => void add(event)}>
        <label htmlFor="replay-note-body" className="visually-hidden">
          Note at {formatOffset(moment.offsetMs)}
        </label>
        <textarea
          id="replay-note-body"
          className="textarea"
          rows={3}
          maxLength={4000}
          placeholder={`A note at ${formatOffset(moment.offsetMs)}…`}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          data-testid="replay-note-input"
        />
        <button
          type="submit"
          className="button button-small"
          disabled={saving || body.trim() === ''}
          data-testid="replay-note-add"
        >
          {saving ? 'Saving…' : `Pin note at ${formatOffset(moment.offsetMs)}`}
        </button>
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
