/** "Live interview" in the candidate's header, with the team's call one click away. */
export function InterviewBadge({ meetingUrl }: { meetingUrl: string | null }) {
  return (
    <span className="interview-badge" data-testid="live-interview">
      <span className="interview-badge-label">Live interview</span>
      {meetingUrl && (
        <a href={meetingUrl} target="_blank" rel="noopener noreferrer" data-testid="meeting-link">
          Join the call
        </a>
      )}
    </span>
  );
}
