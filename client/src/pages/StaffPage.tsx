import { useEffect, useState } from 'react';
import { ApiError, errorMessage, getAssessmentAttempts, listAssessments } from '../api.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { Link, navigate } from '../router.tsx';
import { AttemptsTable } from '../staff/AttemptsTable.tsx';
import { RetentionSettings } from '../staff/RetentionSettings.tsx';
import { StaffHeader } from '../staff/StaffHeader.tsx';
import { useRefreshing } from '../staff/useRefreshing.ts';
import { useStaffLoad } from '../staff/useStaffLoad.ts';
import './StaffPage.css';

const REFRESH_MS = 5000;

/** The staff overview: one assessment's attempts and their scores, refreshed every five seconds. */
export function StaffPage() {
  const { state: loaded, reload: load } = useStaffLoad(listAssessments);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const selectedId = chosenId ?? (loaded.phase === 'ready' ? (loaded.data[0]?.id ?? null) : null);

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
        {loaded.data.length === 0 ? (
          <p className="notice notice-info">Your organisation has no assessments yet.</p>
        ) : (
          <>
            <div className="staff-toolbar">
              <label htmlFor="assessment-select">Assessment</label>
              <select
                id="assessment-select"
                className="select"
                value={selectedId ?? ''}
                onChange={(event) => setChosenId(event.target.value)}
              >
                {loaded.data.map((assessment) => (
                  <option key={assessment.id} value={assessment.id}>
                    {assessment.title} ({assessment.attemptCount})
                  </option>
                ))}
              </select>
              {loaded.user.role === 'manager' && selectedId !== null && (
                <>
                  <Link href={`/staff/assessments/${selectedId}`}>Invitations</Link>
                  <Link href={`/staff/assessments/${selectedId}/compare`} data-testid="compare-link">
                    Compare candidates
                  </Link>
                </>
              )}
            </div>
            <AssessmentAttemptsView assessmentId={selectedId} />
          </>
        )}
        {loaded.user.role === 'manager' && <RetentionSettings />}
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
