import { useCallback, useState } from 'react';
import type { DimensionId } from '../../../server/contract/api.ts';
import { errorMessage } from '../api.ts';
import { setInterviewRatings } from '../interviewApi.ts';

export interface RatingsState {
  values: Partial<Record<DimensionId, number>>;
  saving: boolean;
  error: string | null;
  rate: (dimension: DimensionId, value: number | null) => void;
}

/** This interviewer's quick ratings, shared by every challenge's tab; each change is saved at once. */
export function useRatings(interviewId: string, initial: Partial<Record<DimensionId, number>>): RatingsState {
  const [values, setValues] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rate = useCallback(
    (dimension: DimensionId, value: number | null) => {
      setError(null);
      setSaving(true);
      // Shown at once; the server's answer (all of this interviewer's ratings) then replaces it.
      setValues((previous) => {
        const next = { ...previous };
        if (value === null) delete next[dimension];
        else next[dimension] = value;
        return next;
      });
      setInterviewRatings(interviewId, { [dimension]: value }).then(
        (saved) => {
          setValues(saved);
          setSaving(false);
        },
        (caught: unknown) => {
          setError(`Not saved: ${errorMessage(caught)}`);
          setSaving(false);
        },
      );
    },
    [interviewId],
  );
  return { values, saving, error, rate };
}
