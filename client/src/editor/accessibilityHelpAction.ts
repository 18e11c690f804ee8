import { openEditorAccessibilityHelp } from './EditorAccessibilityHelp.tsx';
import { monaco } from './monacoSetup.ts';

/** Alt+F1 in the editor opens Gauntlet's accessibility help (Monaco's own is gone, see there). */
export function addAccessibilityHelp(editor: monaco.editor.IStandaloneCodeEditor): void {
  editor.addAction({
    id: 'gauntlet.editorAccessibilityHelp',
    label: 'Show accessibility help',
    keybindings: [monaco.KeyMod.Alt | monaco.KeyCode.F1],
    run: openEditorAccessibilityHelp,
  });
}
