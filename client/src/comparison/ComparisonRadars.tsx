import { useState } from 'react';
import type { Comparison, ComparisonCandidate } from '../../../server/contract/staff.ts';
import { RadarChart } from './RadarChart.tsx';
import { autoOnScale, manualOnScale, seriesColour } from './scale.ts';

type Source = 'auto' | 'manual';

const valuesOf = (c: ComparisonCandidate, dimensions: Comparison['dimensions'], source: Source) =>
  Object.fromEntries(
    dimensions.map((d) => [
      d.id,
      source === 'auto' ? autoOnScale(c.auto[d.id]) : manualOnScale(c.manual[d.id]),
    ]),
  );

/** The selected candidates overlaid on one radar, and a radar per candidate (auto solid, interviewers dashed). */
export default function ComparisonRadars({
  comparison,
  rows,
  selected,
}: {
  comparison: Comparison;
  rows: readonly ComparisonCandidate[];
  selected: ReadonlySet<string>;
}) {
  const [source, setSource] = useState<Source>('auto');
  const overlaid = rows.filter((c) => selected.has(c.attemptId));
  const axes = comparison.dimensions;
  return (
    <div className="comparison-radars">
      <section className="panel radar-overlay" aria-labelledby="overlay-title" data-testid="radar-overlay">
        <h2 id="overlay-title">Overlay</h2>
        <label className="overlay-source">
          Scores{' '}
          <select className="select" value={source} onChange={(e) => setSource(e.target.value as Source)}>
            <option value="auto">Auto (0-100 on the 1-4 scale)</option>
            <option value="manual">Interviewers (mean 1-4)</option>
          </select>
        </label>
        {overlaid.length === 0 ? (
          <p className="notice notice-info">Tick candidates in the table to overlay them.</p>
        ) : (
          <RadarChart
            axes={axes}
            size={360}
            title={`Overlay of ${overlaid.map((c) => c.candidateName).join(', ')}`}
            series={overlaid.map((c, i) => ({
              name: c.candidateName,
              color: seriesColour(i),
              values: valuesOf(c, axes, source),
            }))}
          />
        )}
      </section>
      <section aria-labelledby="per-candidate-title">
        <h2 id="per-candidate-title">Per candidate</h2>
        <ul className="radar-grid">
          {rows.map((c) => (
            <li key={c.attemptId} className="panel" data-testid="candidate-radar">
              <h3>{c.candidateName}</h3>
              <RadarChart
                axes={axes}
                size={200}
                title={`${c.candidateName}: auto and interviewer scores`}
                series={[
                  { name: 'Auto', color: seriesColour(0), values: valuesOf(c, axes, 'auto') },
                  {
                    name: 'Interviewers',
                    color: seriesColour(1),
                    values: valuesOf(c, axes, 'manual'),
                    dashed: true,
                  },
                ]}
              />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
