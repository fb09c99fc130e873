/**
 * Emulators for integration tests (project `integration` only: its globalSetup starts one
 * DynamoDB Local per jest run and puts its endpoint and fake credentials in process.env).
 *
 * Each test file gets its own table and its own in-process SQS server, so files never collide:
 *
 *   import { createTestTable, startTestQueues, testRuntimeContext } from './emulators';
 *
 *   let table: TestTable;
 *   let queues: TestQueues;
 *   beforeAll(async () => {
 *     table = await createTestTable();      // fresh table: keys, GSIs and TTL as in AWS
 *     queues = await startTestQueues();     // mentions, mentions-dlq, notify-dlq; sets AWS_ENDPOINT_URL_SQS
 *   });
 *   afterAll(async () => {
 *     await queues.stop();
 *     await table.delete();
 *   });
 *
 *   // clients: table.client (DynamoDBClient), queues.client (SQSClient); handlers built with
 *   // create…Handler(testRuntimeContext({ table, queues })) reach the same emulators, because the
 *   // SDK reads AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SQS from the environment.
 *   // testRuntimeContext also takes `config`, `clock` (e.g. new LocalClock({ rate: 0 }) to move
 *   // time only with clock.advance(ms)), `secrets` and `eventBusName`.
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LocalClock } from '../../infra/local/clock';
import { createCaseTable, localDynamoDbClient } from '../../infra/local/dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/ports';
import { type SqsLocal, startSqsLocal } from '../../infra/local/sqs';
import { type SecretName, secretsFromMap } from '../../shared/contracts/secrets';
import {
  parseConfig,
  type ResponderConfigInput,
} from '../../shared/domain/config/responder-config';
import type { RuntimeContext } from '../../shared/runtime/context';
import type { Clock } from '../../shared/use-cases/ports/clock';

export class EmulatorSetupError extends Error {
  override name = 'EmulatorSetupError';
}

export interface TestTable {
  readonly tableName: string;
  /** A client for the emulator (also reachable with a default client through the environment). */
  readonly client: DynamoDBClient;
  delete(): Promise<void>;
}

export interface TestQueues extends SqsLocal {
  readonly client: SQSClient;
}

const dynamoDbEndpoint = (): string => {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (!endpoint) {
    throw new EmulatorSetupError(
      'AWS_ENDPOINT_URL_DYNAMODB is not set: run this test in the jest project "integration", whose globalSetup starts DynamoDB Local',
    );
  }
  return endpoint;
};

/** A fresh, uniquely named case table with the topology's keys, GSIs and TTL. */
export const createTestTable = async (): Promise<TestTable> => {
  const client = localDynamoDbClient(dynamoDbEndpoint());
  const tableName = `cases-${randomUUID()}`;
  await createCaseTable(client, tableName);
  return {
    tableName,
    client,
    delete: async () => {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
};

/**
 * An in-process SQS server with the topology's queues (redrive and visibility as in AWS), just for
 * this test file; sets AWS_ENDPOINT_URL_SQS so default SDK clients in handlers reach it.
 */
export const startTestQueues = async (): Promise<TestQueues> => {
  const sqs = await startSqsLocal();
  process.env.AWS_ENDPOINT_URL_SQS = sqs.endpoint;
  const client = new SQSClient({
    endpoint: sqs.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  return {
    ...sqs,
    client,
    stop: async () => {
      client.destroy();
      await sqs.stop();
    },
  };
};

export interface TestRuntimeOptions {
  readonly table: Pick<TestTable, 'tableName'>;
  readonly queues?: Pick<TestQueues, 'queueUrls'>;
  readonly config?: ResponderConfigInput;
  readonly clock?: Clock;
  readonly secrets?: Partial<Record<SecretName, string>>;
  readonly eventBusName?: string;
}

/** The RuntimeContext a create…Handler factory gets, pointed at this file's table and queues. */
export const testRuntimeContext = (options: TestRuntimeOptions): RuntimeContext => ({
  env: {
    TABLE_NAME: options.table.tableName,
    // Handlers that never enqueue need no queues; one that does then fails loudly on port 9.
    MENTION_QUEUE_URL: options.queues?.queueUrls.mentions ?? 'http://127.0.0.1:9/no-queues',
    NOTIFY_DLQ_URL: options.queues?.queueUrls.notifyDlq,
    REPLY_QUEUE_URL: options.queues?.queueUrls.replies,
    EVENT_BUS_NAME: options.eventBusName ?? 'social-responder-test',
    AWS_REGION: LOCAL_REGION,
  },
  config: parseConfig(options.config ?? {}, 'test configuration'),
  clock: options.clock ?? new LocalClock({ rate: 0 }),
  secrets: secretsFromMap(options.secrets ?? {}),
});
