/** The case stream function on a test table's stream, as the topology maps it, with a short window. */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createCaseStreamHandler } from '../../functions/case-stream';
import { localStreamsClient } from '../../infra/local/dynamodb';
import {
  type StreamFunction,
  type StreamPoller,
  startStreamPoller,
} from '../../infra/local/stream-poller';
import { CASE_STREAM } from '../../infra/topology';
import type { RuntimeContext } from '../../shared/runtime/context';
import type { TestTable } from './emulators';

/**
 * Starts summing the table's changes into its report counters; `drained()` resolves once every
 * change so far is counted (the last window ended). Stop it before deleting the table.
 */
export const startTestCaseStream = async (
  table: TestTable,
  ctx: RuntimeContext,
  /** Wraps the function, e.g. to watch its invocations or make one fail. */
  wrap: (handler: StreamFunction) => StreamFunction = (handler) => handler,
): Promise<StreamPoller> => {
  const { Table } = await table.client.send(
    new DescribeTableCommand({ TableName: table.tableName }),
  );
  const client = localStreamsClient(process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '');
  const poller = startStreamPoller({
    client,
    streamArn: Table?.LatestStreamArn ?? '',
    handler: wrap(createCaseStreamHandler(ctx)),
    batchSize: CASE_STREAM.batchSize,
    maxBatchingWindowSeconds: 0,
    startingPosition: CASE_STREAM.startingPosition,
    tumblingWindowSeconds: 1,
    reportBatchItemFailures: CASE_STREAM.reportBatchItemFailures,
    bisectBatchOnFunctionError: CASE_STREAM.bisectBatchOnFunctionError,
    maximumRetryAttempts: CASE_STREAM.maximumRetryAttempts,
    pollIntervalMs: 50,
  });
  return {
    drained: poller.drained,
    stop: async () => {
      await poller.stop();
      client.destroy();
    },
  };
};
