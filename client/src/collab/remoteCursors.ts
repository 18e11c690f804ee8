/**
 * The other participants' cursors and selections in Monaco. y-monaco marks them with the classes
 * `yRemoteSelection-<clientID>` and `yRemoteSelectionHead-<clientID>`; this keeps one stylesheet with
 * each participant's colour and a name label, rebuilt when the awareness states change. Names and
 * colours come from the server (it sets `user` on every awareness state), and are escaped anyway.
 */
import type { Awareness } from 'y-protocols/awareness';

export interface Participant {
  clientId: number;
  name: string;
  colour: string;
  kind: 'candidate' | 'staff';
}

const COLOUR = /^#[0-9a-fA-F]{6}$/;

/** Every participant other than this page, from the awareness states the server stamped. */
export function remoteParticipants(awareness: Awareness): Participant[] {
  const people: Participant[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const user = (state as { user?: { name?: unknown; colour?: unknown; kind?: unknown } }).user;
    if (!user || typeof user.name !== 'string') continue;
    const colour = typeof user.colour === 'string' && COLOUR.test(user.colour) ? user.colour : '#888888';
    people.push({ clientId, name: user.name, colour, kind: user.kind === 'staff' ? 'staff' : 'candidate' });
  }
  return people;
}

/** A CSS string literal that cannot end early: every character but letters, digits and spaces escaped. */
function cssString(value: string): string {
  return `"${[...value].map((c) => (/[A-Za-z0-9 ]/.test(c) ? c : `\\${c.codePointAt(0)?.toString(16) ?? '0'} `)).join('')}"`;
}

function rulesFor({ clientId, name, colour }: Participant): string {
  return `
.yRemoteSelection-${clientId} { background-color: ${colour}40; }
.yRemoteSelectionHead-${clientId} {
  position: absolute; height: 100%; box-sizing: border-box;
  border-left: 2px solid ${colour};
}
.yRemoteSelectionHead-${clientId}::after {
  content: ${cssString(name)};
  position: absolute; top: -1.1em; left: -2px; z-index: 10;
  padding: 0 3px; border-radius: 2px;
  background: ${colour}; color: #fff;
  font: 600 10px/1.1em system-ui, sans-serif; white-space: nowrap; pointer-events: none;
}`;
}

/** Keeps the remote cursors' stylesheet in step with `awareness`; returns the function that removes it. */
export function styleRemoteCursors(awareness: Awareness): () => void {
  const style = document.createElement('style');
  style.dataset.collabCursors = '';
  document.head.append(style);
  const render = () => {
    style.textContent = remoteParticipants(awareness).map(rulesFor).join('\n');
  };
  render();
  awareness.on('change', render);
  return () => {
    awareness.off('change', render);
    style.remove();
  };
}
