import { useEffect, useState } from 'react';
import { ARCHITECTURE_FILE } from '../../../challenges/_lib/architecture/schema.ts';
import { getReplay } from '../api.ts';

/**
 * Each challenge's submitted architecture.json (by slug), for the review page's trade-off notes.
 * The review's own data carries no files, so they come from the replay's record of the submission;
 * a challenge without one (not a design, not submitted) is absent, and a failed load shows nothing.
 */
export function useSubmittedDesigns(attemptId: string): ReadonlyMap<string, string> {
  const [designs, setDesigns] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    getReplay(attemptId).then(
      (replay) => {
        const found = new Map<string, string>();
        for (const grading of replay.gradings) {
          if (grading.kind !== 'submit') continue;
          const file = grading.files.find((f) => f.path === ARCHITECTURE_FILE);
          if (file) found.set(grading.challengeSlug, file.content);
        }
        if (live) setDesigns(found);
      },
      () => {
        // The notes are an extra beside the checks; the page works without them.
      },
    );
    return () => {
      live = false;
    };
  }, [attemptId]);
  return designs;
}
