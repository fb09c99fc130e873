/**
 * What every function needs, built once per execution environment: a logger that carries the
 * Lambda context, the product's metrics, X-Ray tracing, and the AWS clients (traced).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../contracts/metrics';
import type { RuntimeContext } from './context';

/** A function's handler as Lambda calls it; the context is absent where no Lambda runs it (local). */
export type LambdaHandler<E, R> = (event: E, context?: Context) => Promise<R>;

/** The AWS clients of the function's region, each built on first use. */
export interface AwsClients {
  readonly documents: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly eventBridge: EventBridgeClient;
  readonly sns: SNSClient;
}

export interface FunctionKit {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
  readonly clients: AwsClients;
  /**
   * The function's handler as Lambda calls it: each invocation's logs carry its Lambda context
   * (request id, function name, cold start), and it is traced in its own X-Ray subsegment.
   */
  handler<E, R>(handle: (event: E) => Promise<R>): LambdaHandler<E, R>;
}

const once = <T>(build: () => T): (() => T) => {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
};

/**
 * One invocation in a subsegment of the function's trace, annotated with cold start and service
 * (Powertools' manual instrumentation). A no-op outside Lambda, where tracing is off.
 */
const traced = async <R>(tracer: Tracer, name: string, run: () => Promise<R>): Promise<R> => {
  if (!tracer.isTracingEnabled()) return run();
  const segment = tracer.getSegment();
  const subsegment = segment?.addNewSubsegment(`## ${name}`);
  if (subsegment) tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error) tracer.addErrorAsMetadata(error);
    throw error;
  } finally {
    subsegment?.close();
    if (segment) tracer.setSegment(segment);
  }
};

/** The setup kit of the function named `functionName` (the `function` key of its logs). */
export const functionKit = (ctx: RuntimeContext, functionName: string): FunctionKit => {
  const region = ctx.env.AWS_REGION;
  const logger = new Logger({
    serviceName: METRICS_SERVICE,
    persistentKeys: { function: functionName },
  });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
  const tracer = new Tracer({ serviceName: METRICS_SERVICE });
  const documents = once(() =>
    DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({ region })), {
      marshallOptions: { removeUndefinedValues: true },
    }),
  );
  const sqs = once(() => tracer.captureAWSv3Client(new SQSClient({ region })));
  const eventBridge = once(() => tracer.captureAWSv3Client(new EventBridgeClient({ region })));
  const sns = once(() => tracer.captureAWSv3Client(new SNSClient({ region })));
  return {
    logger,
    metrics,
    tracer,
    clients: {
      get documents() {
        return documents();
      },
      get sqs() {
        return sqs();
      },
      get eventBridge() {
        return eventBridge();
      },
      get sns() {
        return sns();
      },
    },
    handler:
      <E, R>(handle: (event: E) => Promise<R>): LambdaHandler<E, R> =>
      (event, context) => {
        // One invocation at a time per execution environment, so the context keys are this one's.
        if (context) logger.addContext(context);
        return traced(tracer, functionName, () => handle(event));
      },
  };
};
