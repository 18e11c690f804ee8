import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PALETTE, REGIONS } from '../../challenges/_lib/architecture/catalogue.ts';
import { type Architecture, parseArchitecture } from '../../challenges/_lib/architecture/schema.ts';
import { architectureText, textChange } from '../../client/src/design/architectureText.ts';
import {
  addComponent,
  changeCloud,
  connect,
  freeSpot,
  newArchitecture,
  removeComponent,
  toggleRegion,
  updateComponent,
} from '../../client/src/design/edits.ts';
import { NODE_HEIGHT, NODE_WIDTH } from '../../client/src/design/groups.ts';
import { withPositions } from '../../client/src/design/placement.ts';
import { tradeOffsOf } from '../../client/src/design/tradeOffs.ts';

/** The document after a round trip through its text, or the schema's problems. */
function reparsed(doc: Architecture): Architecture {
  const parsed = parseArchitecture(architectureText(doc));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.architecture;
}

/** A design with every service of `cloud`'s palette, each joined to the users by a request. */
function everyService(cloud: 'aws' | 'gcp'): Architecture {
  let doc = newArchitecture(cloud);
  for (const [index, entry] of PALETTE[cloud].entries()) {
    if (entry.id === 'internet') continue;
    const added = addComponent(doc, entry.id, { x: index * 10, y: 0 });
    doc = connect(added.doc, 'internet', added.id, 'request').doc;
  }
  return doc;
}

describe('the canvas document operations', () => {
  it('adds every palette service of both clouds as a component the schema accepts', () => {
    for (const cloud of ['aws', 'gcp'] as const) {
      const doc = everyService(cloud);
      expect(reparsed(doc)).toEqual(doc);
      expect(doc.components).toHaveLength(PALETTE[cloud].length);
    }
  });

  it('writes a stable text: the same document gives the same bytes whatever its key order', () => {
    const doc = everyService('aws');
    const shuffled = JSON.parse(
      JSON.stringify(doc, (_key, value) =>
        value && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).reverse())
          : value,
      ),
    ) as Architecture;
    expect(architectureText(shuffled)).toBe(architectureText(doc));
    expect(architectureText(doc).startsWith('{\n  "version": 1,\n  "cloud": "aws",')).toBe(true);
  });

  it('moves a design to the other cloud by kind, and it still parses', () => {
    const moved = changeCloud(everyService('aws'), 'gcp');
    expect(reparsed(moved)).toEqual(moved);
    expect(moved.regions).toEqual([Object.keys(REGIONS.gcp)[0]]);
    expect(moved.components.find((c) => c.id === 'rds-postgres')?.service).toBe('cloud-sql');
  });

  it('removes a component with its edges, and keeps a region that still holds components', () => {
    const doc = everyService('aws');
    const without = removeComponent(doc, 'alb');
    expect(without.edges.some((e) => e.from === 'alb' || e.to === 'alb')).toBe(false);
    const region = doc.regions[0]!;
    expect(toggleRegion(doc, region, false)).toBe(doc);
    const two = toggleRegion(doc, 'us-west-2', true);
    expect(two.regions).toEqual([region, 'us-west-2']);
    expect(toggleRegion(two, 'us-west-2', false).regions).toEqual([region]);
  });

  it('refuses a self-loop and a repeated edge of the same kind', () => {
    const doc = addComponent(newArchitecture('aws'), 'route53', { x: 0, y: 0 }).doc;
    expect(connect(doc, 'internet', 'internet', 'request').id).toBeNull();
    const once = connect(doc, 'internet', 'route53', 'request').doc;
    expect(connect(once, 'internet', 'route53', 'request').id).toBeNull();
    expect(connect(once, 'internet', 'route53', 'async').id).not.toBeNull();
  });

  it('drops an emptied note instead of writing undefined', () => {
    const doc = updateComponent(newArchitecture('gcp'), 'internet', { note: 'why' });
    expect(updateComponent(doc, 'internet', { note: undefined }).components[0]).not.toHaveProperty('note');
  });
});

describe('where the canvas puts components', () => {
  it('finds a free spot that overlaps no component', () => {
    let doc = newArchitecture('aws');
    for (let i = 0; i < 12; i += 1) {
      doc = addComponent(doc, 'sqs', freeSpot(doc, { x: 0, y: 0 })).doc;
    }
    const positions = doc.components.map((c) => c.position!);
    for (const [i, a] of positions.entries()) {
      for (const b of positions.slice(i + 1)) {
        expect(Math.abs(a.x - b.x) >= NODE_WIDTH || Math.abs(a.y - b.y) >= NODE_HEIGHT).toBe(true);
      }
    }
  });

  it('shows components without a position apart, and keeps the ones that have one', () => {
    const doc = everyService('gcp');
    const bare = {
      ...doc,
      components: doc.components.map(({ position: _p, ...c }, i) => (i === 0 ? doc.components[0]! : c)),
    };
    const shown = withPositions(bare);
    expect(shown.components[0]?.position).toEqual(doc.components[0]?.position);
    const spots = new Set(shown.components.map((c) => `${c.position?.x},${c.position?.y}`));
    expect(spots.size).toBe(shown.components.length);
  });
});

describe('a canvas change as a replay edit', () => {
  it('turns any text into any other with one replacement, never splitting a surrogate pair', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '{', '\n', '🚀', 'é') });
    fc.assert(
      fc.property(text, text, (before, after) => {
        const change = textChange(before, after);
        if (before === after) return change === null;
        if (change === null) return false;
        const applied =
          before.slice(0, change.rangeOffset) +
          change.text +
          before.slice(change.rangeOffset + change.rangeLength);
        return applied === after && change.text.isWellFormed();
      }),
    );
  });
});

describe('the trade-off notes of a submitted design', () => {
  it('reads the notes with labels, even from a design the schema refuses', () => {
    const source = JSON.stringify({
      cloud: 'aws',
      components: [
        { id: 'db', service: 'rds-postgres', label: 'Orders', note: 'Multi-AZ' },
        { id: 'web', service: 'not-a-service', label: 'Web' },
      ],
      edges: [{ id: 'e1', from: 'web', to: 'db', kind: 'request', note: 'pooled' }],
      notes: 'Overall',
    });
    expect(tradeOffsOf(source)).toEqual({
      notes: 'Overall',
      components: [{ id: 'db', title: 'Orders (RDS for PostgreSQL)', note: 'Multi-AZ' }],
      edges: [{ id: 'e1', title: 'Web → Orders (request)', note: 'pooled' }],
      componentCount: 2,
      edgeCount: 1,
    });
    expect(tradeOffsOf('not json')).toBeNull();
    expect(tradeOffsOf('[]')).toBeNull();
  });
});
