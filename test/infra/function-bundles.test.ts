import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUNCTIONS, type FunctionName } from '../../infra/topology';
import {
  buildFunctionBundle,
  type FunctionBundle,
  filesLoadedBy,
} from '../../scripts/bench/bundles';

/** The size each function bundle is held to (docs/performance.md). */
const MAX_BUNDLE_BYTES = 500 * 1024;
/** The triage function also carries the learned sentiment model's weights (docs/triage.md). */
const MAX_TRIAGE_BUNDLE_BYTES = 1.5 * 1024 * 1024;
const maxBytesOf = (name: FunctionName) =>
  name === 'triage' ? MAX_TRIAGE_BUNDLE_BYTES : MAX_BUNDLE_BYTES;

const bundles = new Map<FunctionName, FunctionBundle>();
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'function-bundles-'));
  for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
    bundles.set(name, await buildFunctionBundle(name, directory));
  }
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const inputsOf = (name: FunctionName) => Object.keys(bundles.get(name)?.inputs ?? {});

describe('function bundles built as the stack builds them', () => {
  it.each(Object.keys(FUNCTIONS) as FunctionName[])(
    'keeps the %s bundle within its size',
    (name) => {
      expect(bundles.get(name)?.bytes).toBeLessThanOrEqual(maxBytesOf(name));
    },
  );

  it('keeps the sentiment weights out of every bundle but triage', () => {
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const carriesWeights = inputsOf(name).some((file) => file.endsWith('model/weights.ts'));
      expect({ name, carriesWeights }).toEqual({ name, carriesWeights: name === 'triage' });
    }
  });

  it.each(Object.keys(FUNCTIONS) as FunctionName[])(
    'leaves the AWS SDK v3 to the Lambda runtime in the %s bundle',
    (name) => {
      expect(inputsOf(name).filter((file) => file.includes('node_modules/@aws-sdk/'))).toEqual([]);
    },
  );

  it.each(Object.keys(FUNCTIONS) as FunctionName[])(
    'leaves the clients a %s invocation may never use out of its cold start',
    (name) => {
      const loaded = filesLoadedBy(bundles.get(name)?.outfile ?? '');
      expect(loaded.some((file) => file.includes('@aws-sdk/client-dynamodb/'))).toBe(true);
      // Secrets are read on first use; the hosted model is asked about a few mentions, when enabled.
      const deferred = ['@aws-sdk/client-secrets-manager/', '@aws-sdk/client-bedrock-runtime/'];
      expect(loaded.filter((file) => deferred.some((client) => file.includes(client)))).toEqual([]);
    },
  );

  it.each(Object.keys(FUNCTIONS) as FunctionName[])(
    'maps the %s bundle to its sources by file and line, without their text',
    (name) => {
      const map = JSON.parse(readFileSync(`${bundles.get(name)?.outfile}.map`, 'utf8')) as {
        sources: string[];
        sourcesContent?: unknown;
      };
      const entries = map.sources.filter((source) => source.endsWith(FUNCTIONS[name].entry));
      expect(entries).toHaveLength(1);
      expect(map.sourcesContent).toBeUndefined();
    },
  );

  it.each(Object.keys(FUNCTIONS) as FunctionName[])(
    'bundles no zod locale but English in the %s bundle',
    (name) => {
      const locales = inputsOf(name).filter((file) =>
        file.includes('node_modules/zod/v4/locales/'),
      );
      expect(locales).toEqual(['node_modules/zod/v4/locales/en.js']);
    },
  );
});
