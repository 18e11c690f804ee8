import { describe, expect, it } from 'vitest';
import { MARKER_SPACING_PX, spreadMarkers } from '../../client/src/replay/Timeline.tsx';

/** The replay timeline keeps markers pressable (WCAG 2.2 target spacing): spreadMarkers. */
describe('spreading the timeline’s markers', () => {
  it('leaves markers far enough apart where their moments are', () => {
    expect(spreadMarkers([0.1, 0.5, 0.9], 400)).toEqual([40, 200, 360]);
  });

  it('pushes markers of the same moment 24 px apart, in their order', () => {
    expect(spreadMarkers([0, 0, 0.5], 400)).toEqual([0, MARKER_SPACING_PX, 200]);
    expect(spreadMarkers([0.5, 0.5], 400)).toEqual([200, 224]);
  });

  it('pulls a crowd at the end back inside the track', () => {
    expect(spreadMarkers([1, 1, 1], 400)).toEqual([352, 376, 400]);
    // Given in any order, each keeps its own index.
    expect(spreadMarkers([1, 0.2, 1], 400)).toEqual([376, 80, 400]);
  });

  it('keeps every pair at least the spacing apart, whatever the moments', () => {
    for (let round = 0; round < 200; round++) {
      const fractions = Array.from({ length: 1 + (round % 12) }, () => Math.random());
      const placed = spreadMarkers(fractions, 800).sort((a, b) => a - b);
      for (let i = 1; i < placed.length; i++) {
        expect((placed[i] ?? 0) - (placed[i - 1] ?? 0)).toBeGreaterThanOrEqual(MARKER_SPACING_PX - 1e-9);
      }
      expect(Math.min(...placed)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...placed)).toBeLessThanOrEqual(800);
    }
  });
});
