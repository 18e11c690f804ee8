/** Props of the lazily loaded design canvas, kept apart so importing them never pulls in xyflow. */
export interface DesignCanvasProps {
  /** architecture.json's text, as saved. */
  text: string;
  readOnly: boolean;
  /** The whole new text after a change on the canvas; absent where nothing can change (the replay). */
  onChange?: (text: string) => void;
  /** Opens the text view (offered when the text does not parse). */
  onShowText?: () => void;
}
