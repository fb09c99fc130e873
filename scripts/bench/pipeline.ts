/**
 * The local runtime end to end: signed webhooks in, cases readable through the API out, with the
 * AWS calls each mention causes counted at the SDK's HTTP requests and every function invocation
 * timed, for the cost model.
 */
import { performance } from 'node:perf_hooks';
import { createIngestHandler } from '../../functions/ingest';
import { createTriageHandler } from '../../functions/triage';
import { localDynamoDbClient, localStreamsClient } from '../../infra/local/dynamodb';
import { type HandlerFactories, LOCAL_TABLE_NAME } from '../../infra/local/runtime';
import { CASE_TABLE } from '../../infra/topology';
import { AwsCallCounter, type AwsService, type ServiceCalls } from './aws-calls';
import { type LoadPlan, type LoadReport, runLoad } from './load-driver';
import { startLoadRuntime } from './load-runtime';
import { readWholeStream, streamArnOf } from './table-stream';

/** Invocations of one function and their summed duration. */
export interface InvocationStats {
  invocations: number;
  totalMs: number;
  /** Messages the function handed back as failed: each waits out the visibility timeout. */
  failedMessages: number;
}

export interface PipelineRun {
  readonly report: LoadReport;
  readonly calls: Readonly<Record<AwsService, ServiceCalls>>;
  readonly invocations: { readonly ingest: InvocationStats; readonly triage: InvocationStats };
}

/** Wraps a handler so every call is counted and timed, and its failed messages counted. */
const timed =
  <E, R>(stats: InvocationStats, handler: (event: E) => Promise<R>) =>
  async (event: E): Promise<R> => {
    const start = performance.now();
    try {
      const result = await handler(event);
      const failures = (result as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures;
      stats.failedMessages += failures?.length ?? 0;
      return result;
    } finally {
      stats.invocations += 1;
      stats.totalMs += performance.now() - start;
    }
  };

/** Bills the run's writes from the table's stream: every changed item, before and after. */
const billWritesFromStream = async (counter: AwsCallCounter, endpoint: string): Promise<void> => {
  const client = localDynamoDbClient(endpoint);
  const streams = localStreamsClient(endpoint);
  try {
    const records = await readWholeStream(streams, await streamArnOf(client, LOCAL_TABLE_NAME));
    counter.billWrites(records, CASE_TABLE.indexes);
  } finally {
    client.destroy();
    streams.destroy();
  }
};

/** Runs `plan` against a fresh in-memory runtime and counts what it cost. */
export const runPipeline = async (plan: LoadPlan): Promise<PipelineRun> => {
  const invocations = {
    ingest: { invocations: 0, totalMs: 0, failedMessages: 0 },
    triage: { invocations: 0, totalMs: 0, failedMessages: 0 },
  };
  const factories: Partial<HandlerFactories> = {
    ingest: (ctx) => timed(invocations.ingest, createIngestHandler(ctx)),
    triage: (ctx) => timed(invocations.triage, createTriageHandler(ctx)),
  };
  const target = await startLoadRuntime({ factories });
  const { endpoints } = target.runtime;
  const counter = new AwsCallCounter({
    dynamodb: endpoints.dynamodb,
    sqs: endpoints.sqs,
    eventbridge: endpoints.eventBridge,
  });
  try {
    counter.start();
    const report = await runLoad(target, plan, { onSettled: () => counter.stop() });
    await billWritesFromStream(counter, endpoints.dynamodb);
    return { report, calls: counter.services, invocations };
  } finally {
    counter.stop();
    await target.stop();
  }
};
