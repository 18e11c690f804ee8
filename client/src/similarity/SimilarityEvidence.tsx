import { useCallback, useEffect, useState } from 'react';
import type { FragmentSide, SimilarityAnswer, SimilarPair } from '../../../server/contract/similarity.ts';
import { errorMessage } from '../api.ts';
import { getSimilarity } from '../similarityApi.ts';
import './SimilarityEvidence.css';

type Loaded =
  | { phase: 'loading' }
  | { phase: 'failed'; message: string }
  | { phase: 'loaded'; answer: SimilarityAnswer };

const percent = (share: number) => `${Math.round(share * 100)} %`;

const ORIGIN_TEXT: Record<FragmentSide['origin'], string> = {
  typed: 'typed',
  pasted: 'pasted',
  unrecorded: 'not in the replay',
};

/** Where a fragment's text stood complete in its attempt's replay. */
export const replayLink = (side: FragmentSide, slug: string) =>
  `/staff/attempts/${encodeURIComponent(side.attemptId)}/replay?challenge=${encodeURIComponent(slug)}&seq=${side.seq ?? 0}`;

function Side({ side, slug, who }: { side: FragmentSide; slug: string; who: string }) {
  const where = `${side.path}, lines ${side.startLine}–${side.endLine}`;
  return (
    <figure className="similarity-side">
      <figcaption>
        <span className="similarity-who">{who}</span> · {where} ·{' '}
        <span className={`similarity-origin similarity-origin-${side.origin}`} data-testid="fragment-origin">
          {ORIGIN_TEXT[side.origin]}
        </span>
        {side.seq !== null && (
          <>
            {' '}
            · <a href={replayLink(side, slug)}>Replay at this moment</a>
          </>
        )}
      </figcaption>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the fragment scrolls; focus lets the keyboard scroll it */}
      <section className="similarity-code" aria-label={`${who}: ${where}`} tabIndex={0}>
        <pre>{side.text}</pre>
      </section>
    </figure>
  );
}

function Pair({ pair, slug, candidateName }: { pair: SimilarPair; slug: string; candidateName: string }) {
  return (
    <li className="similarity-pair" data-testid="similarity-pair">
      <h4>
        {pair.otherCandidateName}: {percent(pair.score)} of fingerprints shared{' '}
        <a href={`/staff/attempts/${encodeURIComponent(pair.otherAttemptId)}`}>Open their review</a>
      </h4>
      <ol className="similarity-fragments">
        {pair.fragments.map((f) => (
          <li
            key={`${f.mine.path}:${f.mine.startLine}:${f.theirs.path}:${f.theirs.startLine}`}
            className="similarity-fragment"
          >
            <Side side={f.mine} slug={slug} who={candidateName} />
            <Side side={f.theirs} slug={slug} who={pair.otherCandidateName} />
          </li>
        ))}
      </ol>
    </li>
  );
}

/**
 * Other submissions of the organisation that share much of this attempt's work, with the matched
 * fragments side by side and how each was written. Worded as evidence to read, never a verdict.
 */
export function SimilarityEvidence({
  attemptId,
  candidateName,
}: {
  attemptId: string;
  candidateName: string;
}) {
  const [state, setState] = useState<Loaded>({ phase: 'loading' });
  const load = useCallback(() => {
    let cancelled = false;
    setState({ phase: 'loading' });
    getSimilarity(attemptId).then(
      (answer) => !cancelled && setState({ phase: 'loaded', answer }),
      (error: unknown) => !cancelled && setState({ phase: 'failed', message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [attemptId]);
  useEffect(load, [load]);

  return (
    <section
      className="review-section similarity-evidence"
      aria-labelledby="similarity-title"
      data-testid="similarity-evidence"
    >
      <h2 id="similarity-title">Similarity to other submissions</h2>
      <p className="notice notice-info">
        Evidence to read, not a verdict. Shared structure can come from the same documentation, a common
        pattern or an allowed collaboration: read the fragments and how they were written in the replay before
        drawing any conclusion, and never reject a candidate on this score alone.
      </p>
      {state.phase === 'loading' && <p data-testid="similarity-loading">Loading the similarity evidence…</p>}
      {state.phase === 'failed' && (
        <p className="notice notice-error" role="alert">
          Could not compare: {state.message}{' '}
          <button type="button" className="button-link" onClick={load}>
            Try again
          </button>
        </p>
      )}
      {state.phase === 'loaded' &&
        state.answer.challenges.map((c) => (
          <div key={c.slug} className="similarity-challenge" data-testid={`similarity-${c.slug}`}>
            <h3>{c.title}</h3>
            {!c.submitted ? (
              <p>Not submitted: nothing to compare.</p>
            ) : c.pairs.length === 0 ? (
              <p data-testid="similarity-none">
                No submission shares {percent(state.answer.threshold)} or more of its fingerprints with this
                one ({c.compared} other submission(s) of your organisation compared).
              </p>
            ) : (
              <>
                <p>
                  {c.pairs.length} of {c.compared} other submission(s) share {percent(state.answer.threshold)}{' '}
                  or more of their fingerprints with this one, once the starter, the reference solution and
                  the brief are left out.
                </p>
                <ul className="similarity-pairs">
                  {c.pairs.map((pair) => (
                    <Pair key={pair.otherAttemptId} pair={pair} slug={c.slug} candidateName={candidateName} />
                  ))}
                </ul>
              </>
            )}
          </div>
        ))}
    </section>
  );
}
