import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../../shared/contracts/metrics';
import { CONFIG_FILE_NAME } from '../../../shared/runtime/aws-context';
import type { FunctionSpec } from '../../topology';

/** The repository root: entries in the topology are relative to it, and so is the lock file. */
export const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');

/**
 * How every function is bundled and started. The bench builds and loads its bundles from these
 * very settings (scripts/bench/bundles.ts), so the bundle it measures is the one deployed.
 */
export const FUNCTION_BUILD = {
  minify: true,
  sourceMap: true,
  /**
   * The maps name each file and line but leave the sources out: a stack trace needs no more, and
   * with `--enable-source-maps` Node reads the whole map when it loads the bundle (the triage
   * bundle's map with its sources is 2.9 MB, the weights' table in it; without them 0.6 MB).
   */
  sourcesContent: false,
  format: OutputFormat.CJS,
  target: 'node22',
  /**
   * The AWS SDK v3 that the Node.js 22 runtime ships is used rather than a bundled copy: bundles a
   * third of the size. The price: the SDK version is the runtime's, not the one tested here.
   */
  externalModules: ['@aws-sdk/*'],
  /** Stack traces point into the TypeScript sources through the bundled source maps. */
  nodeOptions: '--enable-source-maps',
} as const;

const shellQuoted = (path: string): string => `'${path.replaceAll("'", "'\\''")}'`;

export interface ResponderFunctionProps {
  /** The function as the topology describes it (entry, timeout, memory). */
  readonly spec: FunctionSpec;
  /** Environment shared by every function: resource names, configuration, secret ARNs. */
  readonly environment: Readonly<Record<string, string>>;
  /** Copied into the bundle as CONFIG_FILE_NAME, where the function reads its configuration. */
  readonly configFile: string;
  readonly logRetention: RetentionDays;
  /** Caps the function's concurrency and reserves it; undefined leaves it unreserved. */
  readonly reservedConcurrency?: number;
}

/**
 * One product function: Node.js 22 on ARM64, bundled by the local esbuild as FUNCTION_BUILD says,
 * JSON logs kept for the configured retention, X-Ray tracing, Powertools settings.
 */
export class ResponderFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: ResponderFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(REPOSITORY_ROOT, props.spec.entry),
      handler: 'handler',
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: join(REPOSITORY_ROOT, 'package-lock.json'),
      description: props.spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.seconds(props.spec.timeoutSeconds),
      memorySize: props.spec.memoryMb,
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: FUNCTION_BUILD.nodeOptions,
      },
      bundling: {
        forceDockerBundling: false,
        minify: FUNCTION_BUILD.minify,
        sourceMap: FUNCTION_BUILD.sourceMap,
        sourcesContent: FUNCTION_BUILD.sourcesContent,
        format: FUNCTION_BUILD.format,
        target: FUNCTION_BUILD.target,
        externalModules: [...FUNCTION_BUILD.externalModules],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir, outputDir) => [
            `cp ${shellQuoted(props.configFile)} ${shellQuoted(join(outputDir, CONFIG_FILE_NAME))}`,
          ],
        },
      },
    });
  }
}
