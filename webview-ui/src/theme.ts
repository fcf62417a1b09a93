// Colours from the current VS Code theme (its --vscode-* CSS variables), re-read when the
// theme changes (VS Code swaps the body's vscode-light/dark/high-contrast class).
import { opaque } from './chartSpec';

export interface ThemeColors {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  series: string[];
  request: string;
  limit: string;
  fontFamily: string;
  /** Finding shades by severity. */
  severity: { critical: string; warning: string; info: string };
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

export function readTheme(): ThemeColors {
  const s = getComputedStyle(document.documentElement);
  const blue = cssVar(s, '--vscode-charts-blue', '#3794ff');
  const red = cssVar(s, '--vscode-charts-red', '#f14c4c');
  const yellow = cssVar(s, '--vscode-charts-yellow', '#cca700');
  const orange = cssVar(s, '--vscode-charts-orange', '#d18616');
  const green = cssVar(s, '--vscode-charts-green', '#89d185');
  const purple = cssVar(s, '--vscode-charts-purple', '#b180d7');
  return {
    foreground: cssVar(s, '--vscode-charts-foreground', cssVar(s, '--vscode-foreground', '#cccccc')),
    muted: cssVar(s, '--vscode-descriptionForeground', '#9d9d9d'),
    grid: cssVar(s, '--vscode-charts-lines', 'rgba(128,128,128,0.25)'),
    background: cssVar(s, '--vscode-editor-background', '#1e1e1e'),
    series: [blue, green, yellow, orange, red, purple].map(opaque),
    request: yellow,
    limit: red,
    fontFamily: cssVar(s, '--vscode-font-family', 'sans-serif'),
    severity: {
      critical: cssVar(s, '--vscode-editorError-foreground', red),
      warning: cssVar(s, '--vscode-editorWarning-foreground', orange),
      info: cssVar(s, '--vscode-editorInfo-foreground', blue),
    },
  };
}

/** Calls back when VS Code switches theme. */
export function onThemeChange(callback: () => void): void {
  new MutationObserver(callback).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
