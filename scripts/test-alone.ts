/**
 * `npm run test:alone [-- --project unit --project integration | FILE…] [--each-test]`: runs every
 * test file of the given jest projects (unit and integration unless told) on its own, one jest
 * process per file (`jest --runTestsByPath FILE`), and lists the files that fail alone: a file that
 * passes only after another file ran leans on state it does not set up itself. With `--each-test`,
 * every test of the files runs alone in a jest process of its own (`-t` with its full name), to
 * show a test that passes only after an earlier test of its file ran. Runs go one after another
 * (each jest process runs its file in band); exits 1 when any failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

const root = relative(process.cwd(), `${__dirname}/..`) || '.';
const jestBin = `${root}/node_modules/.bin/jest`;

export interface AloneResult {
  readonly file: string;
  /** The test's full name (its describe titles and its own), when one test ran alone. */
  readonly test?: string;
  readonly passed: boolean;
  readonly seconds: number;
  /** The end of jest's output for a file that failed. */
  readonly output?: string;
}

/** The test files of some jest projects, as jest itself selects them, relative to the root. */
export const testFilesOf = (projects: readonly string[]): string[] => {
  const listed = spawnSync(
    jestBin,
    ['--listTests', ...projects.flatMap((name) => ['--selectProjects', name])],
    { cwd: root, encoding: 'utf8' },
  );
  if (listed.status !== 0) throw new Error(`jest --listTests failed:\n${listed.stderr}`);
  return listed.stdout
    .split('\n')
    .filter((line) => line.endsWith('.test.ts'))
    .map((file) => relative(root, file))
    .sort();
};

interface JestReport {
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly testResults: readonly { readonly assertionResults: readonly { fullName: string }[] }[];
}

const runJest = (file: string, extra: readonly string[] = []) =>
  spawnSync(jestBin, ['--runTestsByPath', file, '--ci', ...extra], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });

/**
 * Runs jest with its JSON report written to a file of its own (what the tests print goes to
 * stdout too), and reads the report back; undefined when jest wrote none.
 */
const runJestReporting = (file: string, extra: readonly string[] = []) => {
  const dir = mkdtempSync(join(tmpdir(), 'test-alone-'));
  const reportFile = join(dir, 'report.json');
  try {
    const run = runJest(file, ['--json', '--outputFile', reportFile, ...extra]);
    const report = existsSync(reportFile)
      ? (JSON.parse(readFileSync(reportFile, 'utf8')) as JestReport)
      : undefined;
    return { run, report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** The full names of a file's tests, as jest reports them (describe titles, then the test's). */
export const testNamesOf = (file: string): string[] => {
  const { run, report } = runJestReporting(file);
  if (!report) throw new Error(`jest did not report the tests of ${file}:\n${run.stderr}`);
  return report.testResults.flatMap((result) =>
    result.assertionResults.map((test) => test.fullName),
  );
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Runs one test file in a jest process of its own, or only the test with the full name `test`
 * (passed only when exactly that one test ran and passed).
 */
export const runAlone = (file: string, test?: string): AloneResult => {
  const started = Date.now();
  const { run, report } =
    test === undefined
      ? { run: runJest(file), report: undefined }
      : runJestReporting(file, ['-t', `^${escapeRegExp(test)}$`]);
  const seconds = (Date.now() - started) / 1000;
  const passed =
    run.status === 0 &&
    (test === undefined || (report?.numPassedTests === 1 && report.numFailedTests === 0));
  const named = test === undefined ? { file } : { file, test };
  if (passed) return { ...named, passed, seconds };
  const tail = `${run.stdout}${run.stderr}`.trimEnd().split('\n').slice(-40).join('\n');
  // A run that failed nothing but did not run exactly the one test named.
  const output =
    run.status === 0
      ? `${report?.numPassedTests ?? 0} tests ran for the name "${test}", not 1`
      : tail;
  return { ...named, passed, seconds, output };
};

const main = (): void => {
  const { values, positionals } = parseArgs({
    options: {
      project: { type: 'string', multiple: true },
      'each-test': { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const files =
    positionals.length > 0 ? positionals : testFilesOf(values.project ?? ['unit', 'integration']);
  const runs = values['each-test']
    ? files.flatMap((file) => testNamesOf(file).map((test) => ({ file, test })))
    : files.map((file) => ({ file, test: undefined }));
  const what = values['each-test'] ? 'tests' : 'files';
  const nameOf = (result: { file: string; test?: string }) =>
    result.test === undefined ? result.file : `${result.file} › ${result.test}`;
  const failed: AloneResult[] = [];
  for (const [index, { file, test }] of runs.entries()) {
    const result = runAlone(file, test);
    console.log(
      `${result.passed ? 'pass' : 'FAIL'} ${String(index + 1).padStart(3)}/${runs.length} ${nameOf(result)} (${result.seconds.toFixed(1)} s)`,
    );
    if (!result.passed) {
      failed.push(result);
      console.log(result.output);
    }
  }
  console.log(
    `\n${runs.length} ${what} run alone: ${runs.length - failed.length} passed, ${failed.length} failed`,
  );
  for (const result of failed) console.log(`  failed alone: ${nameOf(result)}`);
  process.exitCode = failed.length > 0 ? 1 : 0;
};

if (require.main === module) main();
