import { type FormEvent, useState } from 'react';
import {
  type Architecture,
  EDGE_KINDS,
  type EdgeKind,
} from '../../../challenges/_lib/architecture/schema.ts';
import { connect } from './edits.ts';
import { EDGE_KIND_LABELS } from './flowElements.ts';

interface ConnectFormProps {
  doc: Architecture;
  /** Preselected start: the selected component, if any. */
  from: string | null;
  onConnected: (doc: Architecture, edgeId: string) => void;
}

/** Joins two components without a mouse: from, to, kind, Connect. */
export function ConnectForm({ doc, from: selected, onConnected }: ConnectFormProps) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [kind, setKind] = useState<EdgeKind>('request');
  const [message, setMessage] = useState<string | null>(null);
  const start = from || selected || '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = connect(doc, start, to, kind);
    if (result.id === null) {
      setMessage(
        start === to ? 'Choose two different components.' : 'These two are already joined that way.',
      );
      return;
    }
    setMessage(null);
    onConnected(result.doc, result.id);
  };
  const options = doc.components.map((c) => (
    <option key={c.id} value={c.id}>
      {c.label} ({c.id})
    </option>
  ));
  return (
    <form className="design-panel design-connect" aria-labelledby="connect-title" onSubmit={submit}>
      <h3 id="connect-title">Connect</h3>
      <div className="design-field">
        <label htmlFor="connect-from">From</label>
        <select
          id="connect-from"
          className="select"
          value={start}
          required
          data-testid="connect-from"
          onChange={(e) => setFrom(e.target.value)}
        >
          <option value="">(choose)</option>
          {options}
        </select>
      </div>
      <div className="design-field">
        <label htmlFor="connect-to">To</label>
        <select
          id="connect-to"
          className="select"
          value={to}
          required
          data-testid="connect-to"
          onChange={(e) => setTo(e.target.value)}
        >
          <option value="">(choose)</option>
          {options}
        </select>
      </div>
      <div className="design-field">
        <label htmlFor="connect-kind">Kind</label>
        <select
          id="connect-kind"
          className="select"
          value={kind}
          data-testid="connect-kind"
          onChange={(e) => setKind(EDGE_KINDS.find((k) => k === e.target.value) ?? 'request')}
        >
          {EDGE_KINDS.map((k) => (
            <option key={k} value={k}>
              {EDGE_KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button" data-testid="connect-submit">
        Connect
      </button>
      {message && (
        <p className="design-field-error" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
