/**
 * Each function's production bundle, built from the settings the CDK stack builds it with
 * (FUNCTION_BUILD), its size, and the time a fresh Node process started with the function's
 * NODE_OPTIONS takes to load it, the runtime's AWS SDK (here: this repository's) included.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { FUNCTION_BUILD } from '../../infra/aws/constructs/responder-function';
import { FUNCTIONS, type FunctionName } from '../../infra/topology';

export interface BundleCost {
  /** The bundle's JavaScript, its source map left out. */
  readonly bytes: number;
  /** Median of several fresh processes: `require` of the bundle, module scope included. */
  readonly initMs: number;
  /**
   * The CPU time (user + system) of the same loads, median: what the load costs when the process
   * has a core to itself, as a Lambda sandbox does, whatever else this machine is running.
   */
  readonly initCpuMs: number;
  /**
   * What loading the bundle evaluates, the same on any machine: the modules required (the bundle
   * and the runtime SDK's files it requires at module scope) and their bytes.
   */
  readonly initModules: number;
  readonly initModuleBytes: number;
}

const REPOSITORY_ROOT = resolve(__dirname, '..', '..');
const LOADS = 5;

/**
 * Prints how long requiring the bundle takes and the CPU time it used, measured inside the fresh
 * process, then the files the load evaluated (require's cache) and their bytes.
 */
const loadProbe = (file: string) =>
  `const c=process.cpuUsage(),s=process.hrtime.bigint();require(${JSON.stringify(file)});const u=process.cpuUsage(c),w=Number(process.hrtime.bigint()-s)/1e6,f=Object.keys(require.cache),b=f.reduce((n,p)=>n+require('fs').statSync(p).size,0);process.stdout.write(JSON.stringify([w,(u.user+u.system)/1e3,f.length,b]))`;

/** What Lambda's process has: the function's NODE_OPTIONS, and the SDK the bundle leaves out. */
const LOAD_ENV = {
  PATH: process.env.PATH,
  NODE_OPTIONS: FUNCTION_BUILD.nodeOptions,
  NODE_PATH: join(REPOSITORY_ROOT, 'node_modules'),
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

export interface FunctionBundle {
  readonly outfile: string;
  readonly bytes: number;
  /** Bytes of the bundle by the input file they came from (repository-relative paths). */
  readonly inputs: Readonly<Record<string, number>>;
}

/** Builds one function's bundle into `directory` from the stack's FUNCTION_BUILD settings. */
export const buildFunctionBundle = async (
  name: FunctionName,
  directory: string,
): Promise<FunctionBundle> => {
  const outfile = join(directory, `${name}.js`);
  const { metafile } = await build({
    entryPoints: [join(REPOSITORY_ROOT, FUNCTIONS[name].entry)],
    outfile,
    absWorkingDir: REPOSITORY_ROOT,
    bundle: true,
    platform: 'node',
    minify: FUNCTION_BUILD.minify,
    sourcemap: FUNCTION_BUILD.sourceMap,
    sourcesContent: FUNCTION_BUILD.sourcesContent,
    format: FUNCTION_BUILD.format,
    target: FUNCTION_BUILD.target,
    external: [...FUNCTION_BUILD.externalModules],
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(metafile.outputs).find((entry) => entry.entryPoint !== undefined);
  const inputs = Object.fromEntries(
    Object.entries(output?.inputs ?? {}).map(([file, input]) => [file, input.bytesInOutput]),
  );
  return { outfile, bytes: statSync(outfile).size, inputs };
};

/** The files loading a built bundle evaluates, as Lambda's process would load it (require's cache). */
export const filesLoadedBy = (outfile: string): string[] =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(outfile)});process.stdout.write(JSON.stringify(Object.keys(require.cache)))`,
      ],
      { encoding: 'utf8', env: LOAD_ENV },
    ),
  ) as string[];

export const measureBundles = async (): Promise<Record<FunctionName, BundleCost>> => {
  const directory = mkdtempSync(join(tmpdir(), 'responder-bundles-'));
  try {
    const results = {} as Record<FunctionName, BundleCost>;
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const { outfile, bytes } = await buildFunctionBundle(name, directory);
      const loads = Array.from(
        { length: LOADS },
        () =>
          JSON.parse(
            execFileSync(process.execPath, ['-e', loadProbe(outfile)], {
              encoding: 'utf8',
              env: LOAD_ENV,
            }),
          ) as [number, number, number, number],
      );
      results[name] = {
        bytes,
        initMs: Number(median(loads.map(([wall]) => wall)).toFixed(1)),
        initCpuMs: Number(median(loads.map(([, cpu]) => cpu)).toFixed(1)),
        initModules: loads[0]?.[2] ?? 0,
        initModuleBytes: loads[0]?.[3] ?? 0,
      };
    }
    return results;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
};
