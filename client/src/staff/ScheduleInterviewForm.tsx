import { type FormEvent, type ReactNode, useState } from 'react';
import type { Catalogue } from '../../../server/contract/api.ts';
import { INTERVIEW_LIMITS, type ScheduledInterview } from '../../../server/contract/interview.ts';
import { errorMessage } from '../api.ts';
import { scheduleInterview } from '../interviewApi.ts';
import { ChallengePicker } from './ChallengePicker.tsx';
import {
  fieldOfMessage,
  nextHourLocal,
  type ScheduleField,
  type ScheduleValues,
  toRequest,
} from './scheduleFields.ts';
import './ScheduleInterviewForm.css';

const EMPTY = (): ScheduleValues => ({
  title: '',
  challengeSlugs: [],
  startsAtLocal: nextHourLocal(),
  durationMinutes: 60,
  meetingUrl: '',
  candidateName: '',
  candidateEmail: '',
});

/** Books a live interview: the challenges, the slot (in this browser's time zone), the call and the candidate. */
export function ScheduleInterviewForm({
  catalogue,
  onScheduled,
}: {
  catalogue: Catalogue;
  onScheduled: (scheduled: ScheduledInterview) => Promise<void>;
}) {
  const [values, setValues] = useState<ScheduleValues>(EMPTY);
  const [problem, setProblem] = useState<{ field: ScheduleField | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ScheduleValues>(key: K, value: ScheduleValues[K]) =>
    setValues((previous) => ({ ...previous, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setBusy(true);
    try {
      const scheduled = await scheduleInterview(toRequest(values));
      setValues(EMPTY());
      await onScheduled(scheduled);
    } catch (caught) {
      setProblem(fieldOfMessage(errorMessage(caught)));
    } finally {
      setBusy(false);
    }
  };
  const errorFor = (field: ScheduleField) => (problem?.field === field ? problem.message : null);
  const input = (field: ScheduleField, key: keyof ScheduleValues, label: string, extra: object = {}) => (
    <Field id={`interview-${field}`} label={label} error={errorFor(field)}>
      <input
        id={`interview-${field}`}
        className="input"
        value={String(values[key])}
        aria-invalid={errorFor(field) ? true : undefined}
        aria-describedby={errorFor(field) ? `interview-${field}-error` : undefined}
        onChange={(e) => set(key, e.target.value as never)}
        data-testid={`interview-${field}`}
        {...extra}
      />
    </Field>
  );

  return (
    <section className="panel schedule-form" aria-labelledby="schedule-title">
      <h2 id="schedule-title">Schedule an interview</h2>
      <form onSubmit={submit} noValidate>
        {input('title', 'title', 'Title', { maxLength: 200 })}
        <ChallengePicker
          catalogue={catalogue}
          chosen={values.challengeSlugs}
          onChange={(slugs) => set('challengeSlugs', slugs)}
        />
        {errorFor('challengeSlugs') && (
          <p className="field-error" role="alert">
            Challenges: {errorFor('challengeSlugs')}
          </p>
        )}
        <div className="schedule-row">
          {input('startsAt', 'startsAtLocal', 'Starts at (your local time)', { type: 'datetime-local' })}
          <Field
            id="interview-durationMinutes"
            label="Duration (minutes)"
            error={errorFor('durationMinutes')}
          >
            <input
              id="interview-durationMinutes"
              className="input"
              type="number"
              min={INTERVIEW_LIMITS.minMinutes}
              max={INTERVIEW_LIMITS.maxMinutes}
              value={values.durationMinutes}
              onChange={(e) => set('durationMinutes', Number.parseInt(e.target.value, 10) || 0)}
              data-testid="interview-durationMinutes"
            />
          </Field>
        </div>
        {input('meetingUrl', 'meetingUrl', 'Meeting link (optional)', {
          type: 'url',
          placeholder: 'https://meet.example.com/abc',
        })}
        <div className="schedule-row">
          {input('candidateName', 'candidateName', 'Candidate name', { maxLength: 200 })}
          {input('candidateEmail', 'candidateEmail', 'Candidate email', { type: 'email', maxLength: 200 })}
        </div>
        {problem && problem.field === null && (
          <p className="notice notice-error" role="alert">
            {problem.message}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={busy} data-testid="schedule-submit">
          {busy ? 'Scheduling…' : 'Schedule'}
        </button>
      </form>
    </section>
  );
}

function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error: string | null;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert" data-testid={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
