import { monaco } from './monacoSetup.ts';

/**
 * Monaco's dark theme with every colour it shows at 4.5:1 or more on its #1e1e1e background (WCAG
 * 1.4.3): vs-dark draws comments at 4.2:1, the last line's dimmed number at 1.8:1, and a few rarer
 * tokens (regular expressions, HTML delimiters, SQL strings) under 4.5:1.
 */
export const EDITOR_THEME = 'gauntlet-dark';

monaco.editor.defineTheme(EDITOR_THEME, {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'comment', foreground: '6a9955' },
    { token: 'variable.predefined', foreground: '7b9fd6' },
    { token: 'regexp', foreground: 'c586c0' },
    { token: 'annotation', foreground: 'e07070' },
    { token: 'delimiter.html', foreground: '9a9a9a' },
    { token: 'delimiter.xml', foreground: '9a9a9a' },
    { token: 'tag.id.pug', foreground: '7b9fd6' },
    { token: 'tag.class.pug', foreground: '7b9fd6' },
    { token: 'string.sql', foreground: 'ff6b6b' },
  ],
  colors: {
    'editorLineNumber.foreground': '#9a9a9a',
    'editorLineNumber.dimmedForeground': '#9a9a9a',
  },
});
