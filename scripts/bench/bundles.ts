/**
 * Each function's production bundle, built as the CDK stack builds it (esbuild, minified, CommonJS,
 * node22, the SDK inside), its size, and the time a fresh Node process takes to load it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { FUNCTIONS, type FunctionName } from '../../infra/topology';

export interface BundleCost {
  readonly bytes: number;
  /** Median of several fresh processes: `require` of the bundle, module scope included. */
  readonly initMs: number;
}

const REPOSITORY_ROOT = resolve(__dirname, '..', '..');
const LOADS = 5;

/** Prints how long requiring the bundle takes, measured inside the fresh process. */
const loadProbe = (file: string) =>
  `const s=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-s)/1e6))`;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

export const measureBundles = async (): Promise<Record<FunctionName, BundleCost>> => {
  const directory = mkdtempSync(join(tmpdir(), 'responder-bundles-'));
  try {
    const entries = Object.entries(FUNCTIONS) as [FunctionName, (typeof FUNCTIONS)[FunctionName]][];
    const results = {} as Record<FunctionName, BundleCost>;
    for (const [name, spec] of entries) {
      const outfile = join(directory, `${name}.js`);
      await build({
        entryPoints: [join(REPOSITORY_ROOT, spec.entry)],
        outfile,
        bundle: true,
        minify: true,
        platform: 'node',
        format: 'cjs',
        target: 'node22',
        logLevel: 'silent',
      });
      const loads = Array.from({ length: LOADS }, () =>
        Number(execFileSync(process.execPath, ['-e', loadProbe(outfile)], { encoding: 'utf8' })),
      );
      results[name] = { bytes: statSync(outfile).size, initMs: Number(median(loads).toFixed(1)) };
    }
    return results;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
};
