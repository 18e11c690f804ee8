import { useId } from 'react';
import type { CandidateChallenge } from '../../../server/contract/api.ts';
import { Markdown } from '../components/Markdown.tsx';
import { plural } from '../format.ts';
import { RequirementList } from './RequirementList.tsx';
import './BriefPanel.css';

interface BriefPanelProps {
  challenge: CandidateChallenge;
  open: boolean;
  onToggle: () => void;
}

/** The challenge brief, its requirements and what the checks look at, in a collapsible side panel. */
export function BriefPanel({ challenge, open, onToggle }: BriefPanelProps) {
  const contentId = useId();
  if (!open) {
    return (
      <aside className="brief-panel brief-panel-closed">
        <button
          type="button"
          className="brief-toggle-closed"
          aria-expanded={false}
          aria-controls={contentId}
          onClick={onToggle}
        >
          Show brief
        </button>
      </aside>
    );
  }
  return (
    <aside className="brief-panel" aria-label="Challenge brief">
      <div className="brief-panel-header">
        <span className="brief-panel-heading">Brief</span>
        <button
          type="button"
          className="button button-small"
          aria-expanded={true}
          aria-controls={contentId}
          onClick={onToggle}
        >
          Hide
        </button>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the brief scrolls; focus lets the keyboard scroll it */}
      <div className="brief-content" id={contentId} data-testid="brief" tabIndex={0}>
        <h2>{challenge.title}</h2>
        <p className="brief-summary">{challenge.summary}</p>
        <Markdown source={challenge.brief} />
        <h3>Requirements</h3>
        <RequirementList requirements={challenge.requirements} />
        <h3>How your work is checked</h3>
        <ul className="brief-checks">
          {challenge.visibleChecks.map((check) => (
            <li key={check.id}>
              <span>{check.title}</span>
              <span className="brief-check-covers">
                {check.covers.map((id) => (
                  <span key={id} className="requirement-chip">
                    {id}
                  </span>
                ))}
              </span>
            </li>
          ))}
        </ul>
        {challenge.hiddenCheckCount > 0 && (
          <p className="brief-hidden-checks">
            Plus {plural(challenge.hiddenCheckCount, 'hidden check')}: you will see only whether each passed.
          </p>
        )}
      </div>
    </aside>
  );
}
