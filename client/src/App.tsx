import { ApiTokensPage } from './pages/ApiTokensPage.tsx';
import { AssessmentPage } from './pages/AssessmentPage.tsx';
import { AssessmentsPage } from './pages/AssessmentsPage.tsx';
import { AtsPage } from './pages/AtsPage.tsx';
import { AttemptReviewPage } from './pages/AttemptReviewPage.tsx';
import { CataloguePage } from './pages/CataloguePage.tsx';
import { ComparisonPage } from './pages/ComparisonPage.tsx';
import { InterviewRoomPage } from './pages/InterviewRoomPage.tsx';
import { InterviewsPage } from './pages/InterviewsPage.tsx';
import { InvitationPage } from './pages/InvitationPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { OutboxPage } from './pages/OutboxPage.tsx';
import { ReplayPage } from './pages/ReplayPage.tsx';
import { ReportPage } from './pages/ReportPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SsoCallbackPage } from './pages/SsoCallbackPage.tsx';
import { SsoSettingsPage } from './pages/SsoSettingsPage.tsx';
import { StaffPage } from './pages/StaffPage.tsx';
import { WebhooksPage } from './pages/WebhooksPage.tsx';
import { type Route, Router } from './router.tsx';

const routes: readonly Route[] = [
  { pattern: '/', render: () => <SignInPage /> },
  { pattern: '/staff', render: () => <StaffPage /> },
  { pattern: '/staff/catalogue', render: () => <CataloguePage /> },
  { pattern: '/staff/attempts/:id/replay', render: ({ id = '' }) => <ReplayPage key={id} attemptId={id} /> },
  { pattern: '/staff/assessments', render: () => <AssessmentsPage /> },
  { pattern: '/staff/interviews', render: () => <InterviewsPage /> },
  { pattern: '/staff/outbox', render: () => <OutboxPage /> },
  { pattern: '/staff/sso', render: () => <SsoSettingsPage /> },
  // Where the identity provider sends staff back after single sign-on.
  { pattern: '/sign-in/sso', render: () => <SsoCallbackPage /> },
  { pattern: '/staff/api-tokens', render: () => <ApiTokensPage /> },
  { pattern: '/staff/webhooks', render: () => <WebhooksPage /> },
  { pattern: '/staff/ats', render: () => <AtsPage /> },
  {
    pattern: '/staff/interviews/:id',
    render: ({ id = '' }) => <InterviewRoomPage key={id} interviewId={id} />,
  },
  {
    pattern: '/staff/assessments/:id',
    render: ({ id = '' }) => <AssessmentPage key={id} assessmentId={id} />,
  },
  {
    pattern: '/staff/assessments/:id/compare',
    render: ({ id = '' }) => <ComparisonPage key={id} assessmentId={id} />,
  },
  { pattern: '/staff/attempts/:id', render: ({ id = '' }) => <AttemptReviewPage key={id} attemptId={id} /> },
  { pattern: '/staff/attempts/:id/report', render: ({ id = '' }) => <ReportPage key={id} attemptId={id} /> },
  // Keyed by token so following a second invitation link starts from a clean page.
  { pattern: '/invite/:token', render: ({ token = '' }) => <InvitationPage key={token} token={token} /> },
];

export function App() {
  return <Router routes={routes} fallback={<NotFoundPage />} />;
}
