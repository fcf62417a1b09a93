// Layer boundaries from docs/ARCHITECTURE.md, enforced by the linter rather than by review:
// only src/vscode may import `vscode`, and the webview bundle may import nothing from the
// extension host except the shared panel protocol.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const vscodeOnlyInExtensionLayer = {
  paths: [{ name: 'vscode', message: 'Only src/vscode/ may import vscode (docs/ARCHITECTURE.md, Layers).' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', '.cache/**', 'test-results/**', 'demo/**', 'media/**', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['src/vscode/**', 'test/vscode-host/**'],
    rules: { 'no-restricted-imports': ['error', vscodeOnlyInExtensionLayer] },
  },
  {
    files: ['webview-ui/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview runs in a browser; it cannot import vscode.' }],
        patterns: [{
          regex: '^(\\.\\./)+src/(?!core/panelProtocol$)',
          message: 'webview-ui may import only the shared protocol (src/core/panelProtocol) from the extension.',
        }],
      }],
    },
  },
);
