// Which workspace files the route index reads: source files outside dependencies, virtual
// environments, build output and tests (a route in a test is a throwaway, never a lens), plus
// the project files that shape paths (go.mod, Spring's application.properties / .yml).

/** Folders never holding the project's own handlers. */
const skippedFolders = new Set([
  'node_modules', 'bower_components', 'jspm_packages', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'target', 'bin', 'obj', 'vendor',
  'venv', '.venv', 'env', '.env', 'virtualenv', '.tox', '.nox', '__pycache__', 'site-packages', '.mypy_cache', '.pytest_cache',
  '.next', '.nuxt', '.svelte-kit', '.output', 'coverage', '.gradle', '.idea', '.vscode', '.cache', '.terraform',
  'test', 'tests', '__tests__', 'testdata', 'spec', 'e2e', 'testing', 'mocks', '__mocks__', 'fixtures', '__fixtures__', 'cypress', 'playwright',
]);

/** Test files by name: `_test.go`, `test_x.py`, `x_test.py`, `x.spec.ts`, `x.test.js`, `XTest.java`, `conftest.py`. */
const testFile = /(?:_test\.go|(?:^|\/)test_[^/]*\.py|_tests?\.py|(?:^|\/)conftest\.py|\.(?:spec|test|e2e-spec)\.[cm]?[jt]sx?|(?:Tests?|IT|Spec)\.(?:java|kt))$/;

/** Whether a workspace-relative path (forward slashes) is left out of the route index. */
export function isIgnoredRoutePath(relative: string): boolean {
  const parts = relative.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    if (skippedFolders.has(p) || (p.startsWith('.') && p.length > 1)) return true;
    // Maven/Gradle: src/test/java, src/integrationTest/kotlin
    if (p === 'src' && /^(?:test|it|integrationTest|androidTest)\w*$/.test(parts[i + 1] ?? '')) return true;
  }
  return testFile.test(relative);
}

/**
 * Project files whose content shapes route paths: the Go module path and a Go service's
 * `config.yaml` (a prefix read into a settings struct); a Spring application's
 * context path in its `application` / `bootstrap` settings, or in a file a Spring Cloud Config
 * server serves it from its resources (`src/main/resources/shared/account-service.yml`).
 */
export function isRouteConfigFile(relative: string): boolean {
  return (
    /(?:^|\/)(?:go\.mod|config\.ya?ml|(?:application|bootstrap)\.(?:properties|ya?ml))$|(?:^|\/)src\/main\/resources\/(?:[\w-]+\/)?[\w.-]+\.ya?ml$/.test(relative) &&
    !isIgnoredRoutePath(relative)
  );
}
