/** Builds the operator console with Vite when its build is missing or older than its sources. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONSOLE_DIST, CONSOLE_ROOT } from './console-hosting';

export class ConsoleBuildError extends Error {
  override name = 'ConsoleBuildError';
}

const SOURCES = ['src', 'public', 'index.html', 'vite.config.mts'];

const newestChange = (path: string): number => {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(
    stats.mtimeMs,
    ...readdirSync(path).map((name) => newestChange(join(path, name))),
  );
};

/** Whether the build is missing or a source changed after it. */
export const consoleBuildIsStale = (): boolean => {
  const built = join(CONSOLE_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((name) => newestChange(join(CONSOLE_ROOT, name)) > builtAt);
};

/** Runs `vite build` for the console unless its build is current; answers the build folder. */
export const ensureConsoleBuilt = (log: (line: string) => void = () => {}): string => {
  if (!consoleBuildIsStale()) return CONSOLE_DIST;
  log('building the operator console (vite build)…');
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn', CONSOLE_ROOT], {
    encoding: 'utf8',
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (result.status !== 0) {
    throw new ConsoleBuildError(
      `the console build failed (exit ${result.status}): ${result.stderr || result.stdout}`,
    );
  }
  return CONSOLE_DIST;
};
