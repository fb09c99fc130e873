/**
 * `npm run test:alone [-- --project unit --project integration | FILE…]`: runs every test file of
 * the given jest projects (unit and integration unless told) on its own, one jest process per
 * file (`jest --runTestsByPath FILE`), and lists the files that fail alone: a file that passes only
 * after another file ran leans on state it does not set up itself. Files run one after another
 * (each jest process runs its file in band); exits 1 when any file failed.
 */
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';

const root = relative(process.cwd(), `${__dirname}/..`) || '.';
const jestBin = `${root}/node_modules/.bin/jest`;

export interface AloneResult {
  readonly file: string;
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

/** Runs one test file in a jest process of its own. */
export const runAlone = (file: string): AloneResult => {
  const started = Date.now();
  const run = spawnSync(jestBin, ['--runTestsByPath', file, '--ci'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const seconds = (Date.now() - started) / 1000;
  if (run.status === 0) return { file, passed: true, seconds };
  const output = `${run.stdout}${run.stderr}`.trimEnd().split('\n').slice(-40).join('\n');
  return { file, passed: false, seconds, output };
};

const main = (): void => {
  const { values, positionals } = parseArgs({
    options: { project: { type: 'string', multiple: true } },
    allowPositionals: true,
  });
  const files =
    positionals.length > 0 ? positionals : testFilesOf(values.project ?? ['unit', 'integration']);
  const failed: AloneResult[] = [];
  for (const [index, file] of files.entries()) {
    const result = runAlone(file);
    console.log(
      `${result.passed ? 'pass' : 'FAIL'} ${String(index + 1).padStart(3)}/${files.length} ${file} (${result.seconds.toFixed(1)} s)`,
    );
    if (!result.passed) {
      failed.push(result);
      console.log(result.output);
    }
  }
  console.log(
    `\n${files.length} files run alone: ${files.length - failed.length} passed, ${failed.length} failed`,
  );
  for (const result of failed) console.log(`  failed alone: ${result.file}`);
  process.exitCode = failed.length > 0 ? 1 : 0;
};

if (require.main === module) main();
