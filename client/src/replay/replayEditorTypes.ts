/** Props of the lazily loaded replay editor, kept apart so importing them never pulls in Monaco. */
export interface ReplayEditorProps {
  path: string;
  content: string;
  /** The text to diff against (the starter's or the previous check run's file), or null for no diff. */
  base: string | null;
}
