import { type FormEvent, useState } from 'react';
import { INTERVIEW_LIMITS, type InterviewNote } from '../../../server/contract/interview.ts';
import { errorMessage } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { addInterviewNote } from '../interviewApi.ts';

/** Private notes on one challenge; each becomes a note of the replay at the moment it was written. */
export function InterviewNotes({
  interviewId,
  slug,
  initial,
}: {
  interviewId: string;
  slug: string;
  initial: readonly InterviewNote[];
}) {
  const [notes, setNotes] = useState<readonly InterviewNote[]>(() =>
    initial.filter((n) => n.challengeSlug === slug),
  );
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const note = await addInterviewNote(interviewId, { challengeSlug: slug, body });
      setNotes((previous) => [...previous, note]);
      setBody('');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="room-section" aria-labelledby={`notes-${slug}`}>
      <h3 id={`notes-${slug}`}>Private notes</h3>
      {notes.length > 0 && (
        <ol className="room-notes" data-testid="note-list">
          {notes.map((note) => (
            <li key={note.id} data-testid="note">
              <time dateTime={note.createdAt}>{formatDateTime(note.createdAt)}</time>
              <p>{note.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={add}>
        <label htmlFor={`note-body-${slug}`} className="visually-hidden">
          New note
        </label>
        <textarea
          id={`note-body-${slug}`}
          className="input"
          rows={3}
          maxLength={INTERVIEW_LIMITS.maxNote}
          placeholder="What you noticed (only staff see it; it joins the replay)"
          value={body}
          onChange={(e) => setBody(e.target.value)}
          data-testid="note-body"
        />
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button
          type="submit"
          className="button button-small"
          disabled={busy || body.trim() === ''}
          data-testid="note-add"
        >
          Add
        </button>
      </form>
    </section>
  );
}
