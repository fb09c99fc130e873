/**
 * What every function needs, built once per execution environment: a logger that carries the
 * Lambda context, the product's metrics, and the AWS clients the function uses. The kit imports
 * no AWS client itself: each function loads only the SDK clients it names, and only a function
 * given a tracing (./tracing.ts) carries the X-Ray SDK.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../contracts/metrics';
import type { RuntimeContext } from './context';

/** A function's handler as Lambda calls it; the context is absent where no Lambda runs it (local). */
export type LambdaHandler<E, R> = (event: E, context?: Context) => Promise<R>;

/** An AWS SDK client class, as the kit builds it: in the function's region. */
export type AwsClientClass<C> = new (config: { region: string }) => C;

/** How a function's invocations and AWS calls are traced (./tracing.ts), when they are. */
export interface Tracing {
  /** The client, its calls recorded in the function's trace. */
  capture<C>(client: C): C;
  /** Runs one invocation in the function's trace. */
  invocation<R>(name: string, run: () => Promise<R>): Promise<R>;
}

export interface FunctionKitOptions {
  /** Traces invocations and AWS calls; without it the function leaves tracing to Lambda itself. */
  readonly tracing?: Tracing;
}

export interface FunctionKit {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The function's client of class `Client`, built on first use in the function's region. */
  client<C>(Client: AwsClientClass<C>): C;
  /**
   * The function's handler as Lambda calls it: each invocation's logs carry its Lambda context
   * (request id, function name, cold start), and it is traced when the kit traces.
   */
  handler<E, R>(handle: (event: E) => Promise<R>): LambdaHandler<E, R>;
}

/** The setup kit of the function named `functionName` (the `function` key of its logs). */
export const functionKit = (
  ctx: RuntimeContext,
  functionName: string,
  options: FunctionKitOptions = {},
): FunctionKit => {
  const region = ctx.env.AWS_REGION;
  const { tracing } = options;
  const logger = new Logger({
    serviceName: METRICS_SERVICE,
    persistentKeys: { function: functionName },
  });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
  const clients = new Map<AwsClientClass<unknown>, unknown>();
  return {
    logger,
    metrics,
    client: <C>(Client: AwsClientClass<C>): C => {
      if (!clients.has(Client)) {
        const client = new Client({ region });
        clients.set(Client, tracing ? tracing.capture(client) : client);
      }
      return clients.get(Client) as C;
    },
    handler:
      <E, R>(handle: (event: E) => Promise<R>): LambdaHandler<E, R> =>
      (event, context) => {
        // One invocation at a time per execution environment, so the context keys are this one's.
        if (context) logger.addContext(context);
        return tracing ? tracing.invocation(functionName, () => handle(event)) : handle(event);
      },
  };
};
