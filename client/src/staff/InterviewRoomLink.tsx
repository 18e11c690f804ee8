import { useEffect, useState } from 'react';
import { listInterviews } from '../interviewApi.ts';
import { Link } from '../router.tsx';

/** "Interview room" when this attempt is a live interview; nothing otherwise (or if the list fails). */
export function InterviewRoomLink({ attemptId }: { attemptId: string }) {
  const [interviewId, setInterviewId] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    listInterviews().then(
      (interviews) => {
        if (!cancelled) setInterviewId(interviews.find((i) => i.attemptId === attemptId)?.id ?? null);
      },
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [attemptId]);
  if (interviewId === null) return null;
  return (
    <Link href={`/staff/interviews/${interviewId}`} data-testid="interview-room-link">
      Interview room
    </Link>
  );
}
