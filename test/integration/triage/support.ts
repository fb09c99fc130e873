/** Shared setup of the triage integration tests: a fresh table, a local bus, the handler, SQS events. */
import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { createTriageHandler } from '../../../functions/triage';
import { LocalClock } from '../../../infra/local/clock';
import { type EventBus, startEventBus } from '../../../infra/local/event-bus';
import { keys } from '../../../shared/adapters/dynamodb/table-keys';
import { TriageStore } from '../../../shared/adapters/dynamodb/triage-store';
import type { BusEvent } from '../../../shared/contracts/events';
import type { Mention } from '../../../shared/contracts/mention';
import type { QueueMessage } from '../../../shared/contracts/queue-message';
import { createTestTable, type TestTable, testRuntimeContext } from '../../support/emulators';

export const BUS_NAME = 'social-responder-test';

export interface TriageHarness {
  readonly table: TestTable;
  readonly bus: EventBus;
  readonly clock: LocalClock;
  readonly store: TriageStore;
  readonly documents: DynamoDBDocumentClient;
  /** Every event put on the bus so far. */
  readonly events: BusEvent[];
  /** The triage function as Lambda runs it, over this table, bus and clock. */
  readonly triage: ReturnType<typeof createTriageHandler>;
  rawItem(key: { PK: string; SK: string }): Promise<Record<string, unknown> | undefined>;
  stop(): Promise<void>;
}

export const startTriageHarness = async (): Promise<TriageHarness> => {
  const table = await createTestTable();
  const clock = new LocalClock({ rate: 0, start: new Date('2025-05-13T09:14:30.000Z') });
  const bus = await startEventBus({
    busName: BUS_NAME,
    rules: [],
    notifier: async () => {},
    clock,
  });
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.endpoint;
  const events: BusEvent[] = [];
  bus.subscribe((event) => events.push(event));
  const documents = DynamoDBDocumentClient.from(table.client);
  return {
    table,
    bus,
    clock,
    store: new TriageStore(documents, table.tableName),
    documents,
    events,
    triage: createTriageHandler(harnessContext({ table, clock })),
    rawItem: async (key) =>
      (await documents.send(new GetCommand({ TableName: table.tableName, Key: key }))).Item,
    stop: async () => {
      await bus.stop();
      await table.delete();
    },
  };
};

/**
 * A harness started before the file's tests and stopped after them — or, with `perTest`, a fresh
 * one (table, bus, clock) for each test, for a file whose tests each follow one case from its
 * start. Its members are read through to the started harness, so it can be named once at the top
 * of the file and used in tests.
 */
export const useTriageHarness = (options: { perTest?: boolean } = {}): TriageHarness => {
  let started: TriageHarness | undefined;
  const [start, stop] = options.perTest ? [beforeEach, afterEach] : [beforeAll, afterAll];
  start(async () => {
    started = await startTriageHarness();
  });
  stop(async () => {
    await started?.stop();
    started = undefined;
  });
  return new Proxy({} as TriageHarness, {
    get: (_, member) => {
      if (!started) throw new Error('the triage harness is not running; use it inside a test');
      return Reflect.get(started, member);
    },
  });
};

export const harnessContext = (harness: Pick<TriageHarness, 'table' | 'clock'>) =>
  testRuntimeContext({ table: harness.table, clock: harness.clock, eventBusName: BUS_NAME });

export const received = (
  mention: Mention,
  receivedAt = '2025-05-13T09:14:29.000Z',
): QueueMessage => ({
  type: 'mention.received',
  receivedAt,
  mention,
});

/** An SQS record as the Lambda event source mapping delivers it. */
export const sqsRecord = (body: string, receiveCount = 1): SQSRecord => ({
  messageId: randomUUID(),
  receiptHandle: randomUUID(),
  body,
  attributes: {
    ApproximateReceiveCount: String(receiveCount),
    SentTimestamp: '1747127669000',
    SenderId: 'AIDAEXAMPLE',
    ApproximateFirstReceiveTimestamp: '1747127669100',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:mentions',
  awsRegion: 'us-east-1',
});

export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

export const recordOf = (message: QueueMessage): SQSRecord => sqsRecord(JSON.stringify(message));

export const mentionSeenKey = (mentionId: string) => keys.mentionSeen(mentionId);
