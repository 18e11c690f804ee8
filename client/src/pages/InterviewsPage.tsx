import { useState } from 'react';
import type { ScheduledInterview } from '../../../server/contract/interview.ts';
import { getCatalogue } from '../api.ts';
import { listInterviews } from '../interviewApi.ts';
import { InterviewsTable } from '../staff/InterviewsTable.tsx';
import { ScheduledLink } from '../staff/ScheduledLink.tsx';
import { ScheduleInterviewForm } from '../staff/ScheduleInterviewForm.tsx';
import { StaffFrame } from '../staff/StaffFrame.tsx';
import { useStaffLoad } from '../staff/useStaffLoad.ts';
import './InterviewsPage.css';

const loadInterviews = () => Promise.all([listInterviews(), getCatalogue()]);

/** Live interviews: the list with a link to each room, and the form that books a new one. */
export function InterviewsPage() {
  const { state, reload, refresh } = useStaffLoad(loadInterviews);
  const [scheduled, setScheduled] = useState<ScheduledInterview | null>(null);
  return (
    <StaffFrame
      loaded={state}
      onRetry={reload}
      failedTitle="Could not load the interviews"
      current="interviews"
    >
      {({ data: [interviews, catalogue] }) => (
        <div className="interviews-page">
          <section aria-labelledby="interviews-title">
            <h1 id="interviews-title">Interviews</h1>
            {scheduled && <ScheduledLink scheduled={scheduled} />}
            <InterviewsTable interviews={interviews} />
          </section>
          <ScheduleInterviewForm
            catalogue={catalogue}
            onScheduled={async (next) => {
              setScheduled(next);
              // The list is refreshed in the background; a failure leaves the old list and the new link.
              await refresh().catch(() => {});
            }}
          />
        </div>
      )}
    </StaffFrame>
  );
}
