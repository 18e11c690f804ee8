import { getCatalogue, listAssessments } from '../api.ts';
import { Link } from '../router.tsx';
import { AssessmentComposer } from '../staff/AssessmentComposer.tsx';
import { StaffFrame } from '../staff/StaffFrame.tsx';
import { useStaffLoad } from '../staff/useStaffLoad.ts';
import './AssessmentsPage.css';

const loadAssessments = () => Promise.all([listAssessments(), getCatalogue()]);

/** The organisation's assessments; a manager composes new ones from the catalogue here. */
export function AssessmentsPage() {
  const { state, reload } = useStaffLoad(loadAssessments);
  return (
    <StaffFrame
      loaded={state}
      onRetry={reload}
      failedTitle="Could not load the assessments"
      current="assessments"
    >
      {({ user, data: [assessments, catalogue] }) => (
        <div className="assessments-page">
          <section aria-labelledby="assessments-title">
            <h1 id="assessments-title">Assessments</h1>
            {assessments.length === 0 ? (
              <p className="notice notice-info">No assessments yet.</p>
            ) : (
              <ul className="assessment-list">
                {assessments.map((a) => (
                  <li key={a.id} className="panel assessment-card" data-testid="assessment-card">
                    <h2>{a.title}</h2>
                    <p className="assessment-meta">
                      {a.challengeSlugs.length} challenge(s) · {a.timeLimitMinutes} min · {a.attemptCount}{' '}
                      candidate(s)
                    </p>
                    <p className="assessment-links">
                      {user.role === 'manager' && (
                        <Link href={`/staff/assessments/${a.id}`}>Invitations</Link>
                      )}
                      {user.role === 'manager' && (
                        <Link href={`/staff/assessments/${a.id}/compare`}>Compare</Link>
                      )}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {user.role === 'manager' ? (
            <AssessmentComposer catalogue={catalogue} />
          ) : (
            <p className="notice notice-info">Hiring managers compose assessments and invite candidates.</p>
          )}
        </div>
      )}
    </StaffFrame>
  );
}
