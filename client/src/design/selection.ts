/** What the side panel edits: one component, one edge, or nothing. */
export type Selection = { kind: 'component' | 'edge'; id: string } | null;
