import { ApiError, CLIENT_ERROR_IDS, errorMessage } from '../api.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';

const CONTACT =
  'Please contact the recruiter or hiring manager who sent you the invitation; they can send you a new link.';

function describe(error: unknown): { title: string; message: string; retry: boolean } {
  const id = error instanceof ApiError ? error.id : null;
  if (id === 'invitation_expired') {
    return {
      title: 'This invitation has expired',
      message: `The link is no longer valid. ${CONTACT}`,
      retry: false,
    };
  }
  if (id === 'attempt_erased') {
    return {
      title: 'Your data for this assessment has been deleted',
      message:
        'The company keeps candidates’ data only for a time, or deleted it at your request, so this link ' +
        `can no longer be used. ${CONTACT}`,
      retry: false,
    };
  }
  if (id === 'invitation_revoked') {
    return {
      title: 'This invitation was withdrawn',
      message: `The link can no longer be used. ${CONTACT}`,
      retry: false,
    };
  }
  // A malformed token fails our own check before it is sent; to the candidate it is just unknown.
  if (id === 'invitation_not_found' || id === CLIENT_ERROR_IDS.invalidRequest) {
    return {
      title: 'We do not recognise this link',
      message: `Check that you opened the whole link from your invitation email. If it still does not work: ${CONTACT}`,
      retry: false,
    };
  }
  return {
    title: 'We could not open your assessment',
    message: errorMessage(error),
    retry: true,
  };
}

/** A calm explanation of why the invitation did not open, and whom to ask; never a stack trace. */
export function InvitationError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { title, message, retry } = describe(error);
  return (
    <main className="centered-page">
      <ErrorPanel title={title} message={message} testId="invitation-error" {...(retry ? { onRetry } : {})} />
    </main>
  );
}
