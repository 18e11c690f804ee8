import { useState } from 'react';
import type { CatalogueChallenge } from '../../../server/contract/api.ts';
import { Markdown } from '../components/Markdown.tsx';
import './CatalogueEntry.css';
import type { ChallengeCheckStatistics } from './useCheckStatistics.ts';

const FLAG_LABELS = {
  nearly_everyone: 'passes for nearly everyone',
  nearly_nobody: 'passes for nearly nobody',
};

/**
 * One challenge of the catalogue; the brief and the checks open on demand. A manager also sees how
 * each check behaved across the organisation's graded submissions.
 */
export function CatalogueEntry({
  challenge,
  dimensionTitles,
  statistics,
}: {
  challenge: CatalogueChallenge;
  dimensionTitles: Map<string, string>;
  statistics?: ChallengeCheckStatistics | undefined;
}) {
  const [open, setOpen] = useState(false);
  const hidden = challenge.checks.filter((c) => !c.visible).length;
  return (
    <li className="catalogue-entry" data-testid={`challenge-${challenge.slug}`}>
      <div className="catalogue-entry-head">
        <h2>{challenge.title}</h2>
        <span className="catalogue-badge">{challenge.level}</span>
        <span className="catalogue-meta">{challenge.timeLimitMinutes} min</span>
      </div>
      <p className="catalogue-summary">{challenge.summary}</p>
      <ul className="catalogue-dimensions" aria-label="Rubric dimensions">
        {challenge.dimensions.map((d) => (
          <li key={d}>{dimensionTitles.get(d) ?? d}</li>
        ))}
      </ul>
      <button
        type="button"
        className="button button-small"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide brief and checks' : `Brief and ${challenge.checks.length} checks (${hidden} hidden)`}
      </button>
      {open && (
        <div className="catalogue-details">
          <Markdown source={challenge.brief} />
          <table className="catalogue-checks">
            <thead>
              <tr>
                <th>Check</th>
                <th>Dimension</th>
                <th>Weight</th>
                <th>Covers</th>
                <th>Shown to candidates</th>
                {statistics && (
                  <th title={`Over ${statistics.submissions} graded submissions`}>
                    Pass rate{statistics.provisional ? ' (provisional)' : ''}
                  </th>
                )}
                {statistics && <th title="Item-rest point-biserial correlation, -1 to 1">Discrimination</th>}
              </tr>
            </thead>
            <tbody>
              {challenge.checks.map((check) => {
                const figures = statistics?.checks.find((c) => c.checkId === check.id);
                return (
                  <tr key={check.id}>
                    <td>{check.title}</td>
                    <td>{dimensionTitles.get(check.dimension) ?? check.dimension}</td>
                    <td>{check.weight}</td>
                    <td>{check.covers.join(', ')}</td>
                    <td>{check.visible ? 'yes' : 'hidden'}</td>
                    {statistics && (
                      <td data-testid={`pass-rate-${check.id}`}>
                        {figures?.passRate === null || figures === undefined
                          ? '—'
                          : `${Math.round(figures.passRate * 100)} % of ${figures.judged}`}
                        {figures?.flag && (
                          <span className="catalogue-flag"> {FLAG_LABELS[figures.flag]}</span>
                        )}
                      </td>
                    )}
                    {statistics && <td>{figures?.discrimination?.toFixed(2) ?? '—'}</td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </li>
  );
}
