import { useState } from 'react';
import type { CatalogueChallenge } from '../../../server/contract/api.ts';
import { Markdown } from '../components/Markdown.tsx';
import './CatalogueEntry.css';

/** One challenge of the catalogue; the brief and the checks open on demand. */
export function CatalogueEntry({
  challenge,
  dimensionTitles,
}: {
  challenge: CatalogueChallenge;
  dimensionTitles: Map<string, string>;
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
              </tr>
            </thead>
            <tbody>
              {challenge.checks.map((check) => (
                <tr key={check.id}>
                  <td>{check.title}</td>
                  <td>{dimensionTitles.get(check.dimension) ?? check.dimension}</td>
                  <td>{check.weight}</td>
                  <td>{check.covers.join(', ')}</td>
                  <td>{check.visible ? 'yes' : 'hidden'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </li>
  );
}
