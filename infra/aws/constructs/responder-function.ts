import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../../shared/runtime/metrics';
import type { FunctionSpec } from '../../topology';

/** The repository root: entries in the topology are relative to it, and so is the lock file. */
export const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');

export interface ResponderFunctionProps {
  /** The function as the topology describes it (entry, timeout, memory). */
  readonly spec: FunctionSpec;
  /** Environment shared by every function: resource names, configuration, secret ARNs. */
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  /** Caps the function's concurrency and reserves it; undefined leaves it unreserved. */
  readonly reservedConcurrency?: number;
}

/**
 * One product function: Node.js 22 on ARM64, bundled by the local esbuild (minified, with source
 * maps), JSON logs kept for the configured retention, X-Ray tracing, Powertools settings.
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
        // Stack traces point into the TypeScript sources through the bundled source maps.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        format: OutputFormat.CJS,
        target: 'node22',
        // The tested SDK version ships in the bundle rather than the runtime's own copy.
        externalModules: [],
      },
    });
  }
}
