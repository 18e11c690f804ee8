import { useMemo } from 'react';
import { type NotedItem, tradeOffsOf } from '../design/tradeOffs.ts';
import './DesignTradeOffs.css';

/** The candidate's reasoning in a submitted design: overall notes, then each noted component and edge. */
export function DesignTradeOffs({ source }: { source: string }) {
  const tradeOffs = useMemo(() => tradeOffsOf(source), [source]);
  return (
    <section className="design-trade-offs" aria-label="Design trade-offs" data-testid="design-trade-offs">
      <h3>Design trade-offs, in the candidate's words</h3>
      {tradeOffs === null ? (
        <p className="notice notice-warn">
          The submitted architecture.json is not JSON, so it has no notes to show.
        </p>
      ) : (
        <>
          <p className="design-trade-offs-notes" data-testid="design-notes-overall">
            {tradeOffs.notes ?? 'No overall notes.'}
          </p>
          <NotedList
            heading={`Components (${tradeOffs.components.length} of ${tradeOffs.componentCount} noted)`}
            items={tradeOffs.components}
          />
          <NotedList
            heading={`Edges (${tradeOffs.edges.length} of ${tradeOffs.edgeCount} noted)`}
            items={tradeOffs.edges}
          />
        </>
      )}
    </section>
  );
}

function NotedList({ heading, items }: { heading: string; items: readonly NotedItem[] }) {
  return (
    <>
      <h4>{heading}</h4>
      {items.length > 0 && (
        <dl className="design-trade-offs-list">
          {items.map((item) => (
            <div key={item.id} data-testid="design-note">
              <dt>{item.title}</dt>
              <dd>{item.note}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}
