import { useState } from 'react';
import type { AttemptReview } from '../../../server/contract/staff.ts';
import { AccommodationSummary } from '../accommodations/AccommodationSummary.tsx';
import { getAttemptReview } from '../api.ts';
import { Link } from '../router.tsx';
import { SimilarityEvidence } from '../similarity/SimilarityEvidence.tsx';
import { AutoScores } from '../staff/AutoScores.tsx';
import { CandidateDataActions } from '../staff/CandidateDataActions.tsx';
import { ChallengeResults } from '../staff/ChallengeResults.tsx';
import { InterviewRoomLink } from '../staff/InterviewRoomLink.tsx';
import { LevelEstimateView } from '../staff/LevelEstimateView.tsx';
import { ReviewForm } from '../staff/ReviewForm.tsx';
import { ReviewsSummary } from '../staff/ReviewsSummary.tsx';
import { StaffFrame } from '../staff/StaffFrame.tsx';
import { useStaffData } from '../staff/useStaffData.ts';
import { useSubmittedDesigns } from '../staff/useSubmittedDesigns.ts';
import './AttemptReviewPage.css';

/** An interviewer's page for one attempt: the evidence, the rubric, their review, then the others'. */
export function AttemptReviewPage({ attemptId }: { attemptId: string }) {
  const { state, reload } = useStaffData(attemptId, getAttemptReview);
  const [updated, setUpdated] = useState<AttemptReview | null>(null);
  const designs = useSubmittedDesigns(attemptId);
  return (
    <StaffFrame loaded={state} onRetry={reload} failedTitle="Could not load the attempt" current={null}>
      {({ user, data: loaded }) => {
        const data = updated ?? loaded;
        const assessed = data.dimensions.filter((d) => d.assessed);
        return (
          <div className="review-page">
            <header className="review-head">
              <div>
                <h1>{data.attempt.candidateName}</h1>
                <p className="review-meta">
                  {data.attempt.candidateEmail} · {data.attempt.assessmentTitle} ·{' '}
                  <span className={`attempt-status attempt-status-${data.attempt.status}`}>
                    {data.attempt.status}
                  </span>
                </p>
              </div>
              <nav className="review-links" aria-label="This attempt">
                <a href={`/staff/attempts/${attemptId}/replay`}>Replay</a>
                <InterviewRoomLink attemptId={attemptId} />
                {user.role === 'manager' && (
                  <>
                    <Link href={`/staff/attempts/${attemptId}/report`}>Printable report</Link>
                    <Link href={`/staff/assessments/${data.attempt.assessmentId}/compare`}>Compare</Link>
                    <CandidateDataActions
                      attemptId={attemptId}
                      candidateName={data.attempt.candidateName}
                      onErased={() => {
                        setUpdated(null);
                        void reload();
                      }}
                    />
                  </>
                )}
              </nav>
            </header>
            <AccommodationSummary attemptId={attemptId} />
            <AutoScores dimensions={assessed} auto={data.auto} />
            <ChallengeResults challenges={data.challenges} dimensions={data.dimensions} designs={designs} />
            <SimilarityEvidence attemptId={attemptId} candidateName={data.attempt.candidateName} />
            <section aria-labelledby="review-title" className="review-section">
              <h2 id="review-title">Review</h2>
              {data.canReview ? (
                <ReviewForm
                  attemptId={attemptId}
                  dimensions={assessed}
                  othersHidden={!data.othersVisible}
                  prefill={data.prefill}
                  onSubmitted={setUpdated}
                />
              ) : data.myReview === null && data.attempt.submittedAt === null ? (
                <p className="notice notice-info">
                  The candidate has not submitted yet: review once they have.
                </p>
              ) : null}
              {!data.othersVisible && data.otherReviewCount > 0 && (
                <p className="notice notice-info" data-testid="others-hidden">
                  {data.otherReviewCount} other review(s) stay hidden until you submit yours, so ratings stay
                  independent.
                </p>
              )}
              {(data.myReview !== null || data.othersVisible) && (
                <ReviewsSummary data={data} dimensions={assessed} />
              )}
              {data.level && <LevelEstimateView level={data.level} />}
            </section>
          </div>
        );
      }}
    </StaffFrame>
  );
}
