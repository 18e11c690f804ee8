import { useState } from 'react';
import type { CreatedInvitation } from '../../../server/contract/staff.ts';
import { getAssessment } from '../api.ts';
import { Link } from '../router.tsx';
import { CreatedLinks } from '../staff/CreatedLinks.tsx';
import { FeedbackSetting } from '../staff/FeedbackSetting.tsx';
import { InvitationsTable } from '../staff/InvitationsTable.tsx';
import { InviteForms } from '../staff/InviteForms.tsx';
import { StaffFrame } from '../staff/StaffFrame.tsx';
import { useStaffData } from '../staff/useStaffData.ts';
import './AssessmentPage.css';

/** One assessment for its manager: the challenges in order, inviting candidates, each one's status. */
export function AssessmentPage({ assessmentId }: { assessmentId: string }) {
  const { state, reload, refresh } = useStaffData(assessmentId, getAssessment);
  const [created, setCreated] = useState<CreatedInvitation[]>([]);
  const onInvited = async (invitations: CreatedInvitation[]) => {
    setCreated(invitations);
    await refresh();
  };
  return (
    <StaffFrame
      loaded={state}
      onRetry={reload}
      failedTitle="Could not load the assessment"
      current="assessments"
    >
      {({ data }) => (
        <div className="assessment-page">
          <div className="assessment-head">
            <h1>{data.assessment.title}</h1>
            <Link href={`/staff/assessments/${assessmentId}/compare`} className="button">
              Compare candidates
            </Link>
          </div>
          <p className="assessment-meta">
            {data.assessment.timeLimitMinutes} minutes in all, challenges in this order:
          </p>
          <ol className="assessment-challenges">
            {data.challenges.map((c) => (
              <li key={c.slug}>
                {c.title}{' '}
                <span className="composer-meta">
                  ({c.level}, {c.timeLimitMinutes} min)
                </span>
              </li>
            ))}
          </ol>
          <FeedbackSetting assessmentId={assessmentId} />
          <InviteForms assessmentId={assessmentId} onInvited={onInvited} />
          <CreatedLinks invitations={created} />
          <h2>Candidates</h2>
          <InvitationsTable invitations={data.invitations} onChanged={refresh} />
        </div>
      )}
    </StaffFrame>
  );
}
