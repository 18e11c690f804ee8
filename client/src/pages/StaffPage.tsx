import { useCallback, useEffect, useState } from 'react';
import type { StaffUser } from '../../../server/contract/api.ts';
import { ApiError, errorMessage, getAssessmentAttempts, getMe, listAssessments } from '../api.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { navigate } from '../router.tsx';
import { AttemptsTable } from '../staff/AttemptsTable.tsx';
import { StaffHeader } from '../staff/StaffHeader.tsx';
import { useRefreshing } from '../staff/useRefreshing.ts';
import './StaffPage.css';

type Assessment = Awaited<ReturnType<typeof listAssessments>>[number];

type Loaded =
  | { phase: 'loading' }
  | { phase: 'failed'; error: unknown }
  | { phase: 'ready'; user: StaffUser; assessments: Assessment[] };

const REFRESH_MS = 5000;

/** The staff overview: one assessment's attempts and their scores, refreshed every five seconds. */
export function StaffPage() {
  const [loaded, setLoaded] = useState<Loaded>({ phase: 'loading' });
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoaded({ phase: 'loading' });
    try {
      const user = await getMe();
      const assessments = await listAssessments();
      setLoaded({ phase: 'ready', user, assessments });
      setSelectedId((current) => current ?? assessments[0]?.id ?? null);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) navigate('/', { replace: true });
      else setLoaded({ phase: 'failed', error });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (loaded.phase === 'loading') return <p className="page-loading">Loading…</p>;
  if (loaded.phase === 'failed') {
    return (
      <main className="centered-page">
        <ErrorPanel
          title="Could not load the staff page"
          message={errorMessage(loaded.error)}
          onRetry={load}
        />
      </main>
    );
  }
  return (
    <div className="staff-page">
      <StaffHeader user={loaded.user} current="attempts" />
      <main className="staff-main">
        {loaded.assessments.length === 0 ? (
          <p className="notice notice-info">Your organisation has no assessments yet.</p>
        ) : (
          <>
            <div className="staff-toolbar">
              <label htmlFor="assessment-select">Assessment</label>
              <select
                id="assessment-select"
                className="select"
                value={selectedId ?? ''}
                onChange={(event) => setSelectedId(event.target.value)}
              >
                {loaded.assessments.map((assessment) => (
                  <option key={assessment.id} value={assessment.id}>
                    {assessment.title} ({assessment.attemptCount})
                  </option>
                ))}
              </select>
            </div>
            <AssessmentAttemptsView assessmentId={selectedId} />
          </>
        )}
      </main>
    </div>
  );
}

function AssessmentAttemptsView({ assessmentId }: { assessmentId: string | null }) {
  const { data, error, refreshedAt } = useRefreshing(assessmentId, getAssessmentAttempts, REFRESH_MS);
  useEffect(() => {
    if (error instanceof ApiError && error.status === 401) navigate('/', { replace: true });
  }, [error]);
  return (
    <section aria-label="Attempts">
      <div className="attempts-meta" aria-live="polite">
        {error !== null ? (
          <span className="notice notice-error">
            Could not refresh: {errorMessage(error)} Retrying every {REFRESH_MS / 1000} s.
          </span>
        ) : refreshedAt !== null ? (
          <span>
            Updated {new Date(refreshedAt).toLocaleTimeString()} · refreshes every {REFRESH_MS / 1000} s
          </span>
        ) : null}
      </div>
      {data ? (
        <AttemptsTable data={data} />
      ) : (
        error === null && <p className="page-loading">Loading attempts…</p>
      )}
    </section>
  );
}
