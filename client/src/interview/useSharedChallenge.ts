import { useEffect, useState } from 'react';
import { connectSharedChallenge, type SharedChallenge } from '../collab/sharedChallenge.ts';
import { collabUrl } from '../interviewApi.ts';

/** A joined staff member's connection to one challenge's shared document, open while mounted. */
export function useSharedChallenge(
  interviewId: string,
  attemptId: string,
  slug: string,
): SharedChallenge | null {
  const [shared, setShared] = useState<SharedChallenge | null>(null);
  useEffect(() => {
    const connection = connectSharedChallenge({
      url: collabUrl({ as: 'staff', interviewId }),
      attemptId,
      slug,
    });
    setShared(connection);
    return () => {
      setShared(null);
      connection.destroy();
    };
  }, [interviewId, attemptId, slug]);
  return shared;
}
