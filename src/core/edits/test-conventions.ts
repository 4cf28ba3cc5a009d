/**
 * Where "Write tests" puts a new test file and which framework it names, read from what the
 * workspace visibly does: the test files it has (their folder and naming) and the test
 * framework its manifest or an existing test imports. Nothing found: the language's usual.
 */

export interface WorkspaceFacts {
  /** Workspace-relative paths with '/' (a bounded sample, test files first is fine). */
  readonly files: readonly string[];
  /** Dependency names from package.json (dependencies and devDependencies); [] when none. */
  readonly dependencies: readonly string[];
  /** The text of one existing test file of the same language, when there is one. */
  readonly sampleTest?: string;
}

export interface TestPlan {
  /** Workspace-relative path of the new test file. */
  readonly path: string;
  /** What the prompt names: `vitest`, `pytest`, `Go's testing package`... */
  readonly framework: string;
  /** How the framework was found, for the log. */
  readonly because: string;
}

interface Family {
  readonly isTest: (path: string) => boolean;
  /** The test file's name for a source base name, in the naming the examples use. */
  readonly name: (base: string, ext: string, examples: readonly string[]) => string;
  readonly framework: (facts: WorkspaceFacts) => { readonly framework: string; readonly because: string };
}

const JS_TEST = /(?:\.(?:test|spec)\.[cm]?[jt]sx?$)|(?:(?:^|\/)__tests__\/)/;

function jsFramework(facts: WorkspaceFacts): { framework: string; because: string } {
  for (const name of ['vitest', 'jest', 'mocha', 'ava', 'jasmine', 'uvu']) {
    if (facts.dependencies.includes(name)) return { framework: name, because: `package.json depends on ${name}` };
  }
  const sample = facts.sampleTest ?? '';
  if (/from ['"]node:test['"]|require\(['"]node:test['"]\)/.test(sample)) return { framework: "node's built-in test runner (node:test) with node:assert", because: 'an existing test imports node:test' };
  if (/from ['"]vitest['"]/.test(sample)) return { framework: 'vitest', because: 'an existing test imports vitest' };
  return { framework: "node's built-in test runner (node:test) with node:assert", because: 'no test framework in package.json' };
}

const FAMILIES: Readonly<Record<string, Family>> = {
  js: {
    isTest: (p) => JS_TEST.test(p),
    name: (base, ext, examples) => `${base}.${examples.some((e) => /\.spec\./.test(e)) && !examples.some((e) => /\.test\./.test(e)) ? 'spec' : 'test'}${ext}`,
    framework: jsFramework,
  },
  python: {
    isTest: (p) => /(?:^|\/)test_[^/]*\.py$|_test\.py$/.test(p),
    name: (base, _ext, examples) => (examples.some((e) => /_test\.py$/.test(e)) && !examples.some((e) => /(?:^|\/)test_[^/]*\.py$/.test(e)) ? `${base}_test.py` : `test_${base}.py`),
    framework: (facts) => {
      if (/^\s*import unittest|^\s*from unittest/m.test(facts.sampleTest ?? '') && !/pytest/.test(facts.sampleTest ?? '')) return { framework: 'unittest', because: 'an existing test uses unittest' };
      if (facts.files.some((f) => /(?:^|\/)(?:conftest\.py|pytest\.ini)$/.test(f))) return { framework: 'pytest', because: 'the workspace has a conftest.py or pytest.ini' };
      return { framework: 'pytest', because: 'the usual framework for Python' };
    },
  },
  go: { isTest: (p) => p.endsWith('_test.go'), name: (base) => `${base}_test.go`, framework: () => ({ framework: "Go's testing package", because: 'Go tests live beside the code' }) },
  ruby: {
    isTest: (p) => /_spec\.rb$|(?:^|\/)test_[^/]*\.rb$|_test\.rb$/.test(p),
    name: (base, _ext, examples) => (examples.some((e) => e.endsWith('_spec.rb')) ? `${base}_spec.rb` : `${base}_test.rb`),
    framework: (facts) => (facts.files.some((f) => f.endsWith('_spec.rb')) ? { framework: 'RSpec', because: 'the workspace has _spec.rb files' } : { framework: 'Minitest', because: 'the usual framework for Ruby' }),
  },
  java: { isTest: (p) => /Test\.java$/.test(p), name: (base) => `${base}Test.java`, framework: () => ({ framework: 'JUnit 5', because: 'the usual framework for Java' }) },
  rust: { isTest: (p) => /(?:^|\/)tests\/[^/]+\.rs$/.test(p), name: (base) => `${base}_test.rs`, framework: () => ({ framework: "Rust's built-in #[test] harness", because: 'the usual framework for Rust' }) },
};

const FAMILY_OF: Readonly<Record<string, keyof typeof FAMILIES>> = {
  javascript: 'js', typescript: 'js', javascriptreact: 'js', typescriptreact: 'js', python: 'python', go: 'go', ruby: 'ruby', java: 'java', rust: 'rust',
};

function split(path: string): { dir: string; base: string; ext: string } {
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : path.slice(0, slash);
  const file = path.slice(slash + 1);
  const dot = file.indexOf('.') > 0 ? file.lastIndexOf('.') : -1;
  return { dir, base: dot < 0 ? file : file.slice(0, dot), ext: dot < 0 ? '' : file.slice(dot) };
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** The folder most existing tests are in, unless most sit beside their sources (then '' = beside). */
function testFolder(sourceDir: string, tests: readonly string[]): string | undefined {
  if (tests.length === 0) return undefined;
  const roots = new Map<string, number>();
  for (const t of tests) {
    const dir = split(t).dir;
    const root = /^(?:(.*\/)?(?:tests?|__tests__|spec))(?:\/|$)/.exec(dir)?.[0]?.replace(/\/$/, '');
    const key = root ?? '';
    roots.set(key, (roots.get(key) ?? 0) + 1);
  }
  const [best] = [...roots.entries()].sort((a, b) => b[1] - a[1])[0] ?? [''];
  if (best === '') return '';
  // Mirror the source's sub-folder under the test root when the tests do (test/unit/x for src/x is not guessed).
  const sub = sourceDir.replace(/^(?:src|lib|app)(?:\/|$)/, '');
  const mirrored = tests.some((t) => sub !== '' && split(t).dir === join(best, sub));
  return mirrored ? join(best, sub) : best;
}

export function planTests(sourcePath: string, languageId: string, facts: WorkspaceFacts): TestPlan {
  const { dir, base, ext } = split(sourcePath);
  const familyName = FAMILY_OF[languageId];
  const family = familyName ? FAMILIES[familyName] : undefined;
  if (!family) {
    return { path: join(dir, `${base}.test${ext}`), framework: `the usual test framework for ${languageId}`, because: 'no convention known for this language' };
  }
  const tests = facts.files.filter((f) => family.isTest(f));
  const folder = languageId === 'go' ? dir : testFolder(dir, tests);
  const name = family.name(base, ext, tests);
  const { framework, because } = family.framework(facts);
  return { path: join(folder === undefined || folder === '' ? dir : folder, name), framework, because };
}

/** Whether `path` is a test file of the language's family (for picking an existing test to read). */
export function isTestFile(path: string, languageId: string): boolean {
  const familyName = FAMILY_OF[languageId];
  const family = familyName ? FAMILIES[familyName] : undefined;
  return family ? family.isTest(path) : false;
}
