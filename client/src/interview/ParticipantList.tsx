import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { type Participant, remoteParticipants } from '../collab/remoteCursors.ts';

/** Who else has this challenge's files open, each in their cursor's colour. */
export function ParticipantList({ awareness }: { awareness: Awareness }) {
  const [people, setPeople] = useState<Participant[]>(() => remoteParticipants(awareness));
  useEffect(() => {
    const update = () => setPeople(remoteParticipants(awareness));
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [awareness]);
  if (people.length === 0) return <span className="room-people">Nobody else here yet</span>;
  return (
    <ul className="room-people" aria-label="Also here" data-testid="collab-participants">
      {people.map((p) => (
        <li key={p.clientId} className="room-person">
          <span className="room-person-dot" style={{ backgroundColor: p.colour }} aria-hidden="true" />
          {p.name}
        </li>
      ))}
    </ul>
  );
}
