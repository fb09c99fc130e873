/**
 * SQS refusing part of a batch: the webhook gets a 5xx so the platform retries it, and the retry,
 * which sends the accepted mentions again, leaves every mention recorded exactly once.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createIngestHandler } from '../../../functions/ingest';
import { createTriageHandler } from '../../../functions/triage';
import { startTestQueues, type TestQueues, testRuntimeContext } from '../../support/emulators';
import { fixture, signedWebhook, TEST_SECRETS } from '../../support/signed-webhooks';
import {
  harnessContext,
  sqsEvent,
  sqsRecord,
  startTriageHarness,
  type TriageHarness,
} from '../triage/support';
import { type FaultProxy, startFaultProxy } from './fault-proxy';

const MESSAGES = 12;
/** The message whose entry SQS keeps refusing while the fault lasts. */
const REFUSED_MID_SUFFIX = '-refused';

let queues: TestQueues;
let proxy: FaultProxy;
let harness: TriageHarness;
let refusing = true;

beforeAll(async () => {
  harness = await startTriageHarness();
  queues = await startTestQueues();
  proxy = await startFaultProxy(queues.endpoint, (operation, body) => {
    if (operation !== 'SendMessageBatch' || !refusing) return undefined;
    const entries = body.Entries as { Id: string; MessageBody: string }[];
    const refused = entries.filter((entry) => entry.MessageBody.includes(REFUSED_MID_SUFFIX));
    if (refused.length === 0) return undefined;
    return {
      forward: { ...body, Entries: entries.filter((entry) => !refused.includes(entry)) },
      amend: (answer) => ({
        ...answer,
        Failed: refused.map((entry) => ({
          Id: entry.Id,
          SenderFault: false,
          Code: 'InternalError',
          Message: 'We encountered an internal error. Please try again.',
        })),
      }),
    };
  });
});
afterAll(async () => {
  await proxy.stop();
  await queues.stop();
  await harness.stop();
});

/** A Messenger delivery of MESSAGES messages from one customer; one of them is refused by SQS. */
const messengerDelivery = (): string => {
  const messenger = JSON.parse(fixture('meta', 'messenger.json'));
  const [first] = messenger.entry;
  const entry = Array.from({ length: MESSAGES }, (_, index) => ({
    ...first,
    messaging: first.messaging.map((event: { message: { mid: string } }) => ({
      ...event,
      message: {
        ...event.message,
        mid: `${event.message.mid}-${index}${index === 7 ? REFUSED_MID_SUFFIX : ''}`,
      },
    })),
  }));
  return JSON.stringify({ object: 'page', entry });
};

/** Receives and deletes every message on the mentions queue. */
const drainBodies = async (): Promise<string[]> => {
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await queues.client.send(
      new ReceiveMessageCommand({ QueueUrl: queues.queueUrls.mentions, MaxNumberOfMessages: 10 }),
    );
    if (Messages.length === 0) return bodies;
    bodies.push(...Messages.map((message) => message.Body ?? ''));
    await queues.client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queues.queueUrls.mentions,
        Entries: Messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
  }
};

describe('ingest when SQS refuses part of a batch', () => {
  it('answers 5xx, and the retried webhook leaves each mention recorded once', async () => {
    // The SQS client sends to the host of the queue URL, so the URL names the proxy.
    const throughProxy = {
      queueUrls: {
        ...queues.queueUrls,
        mentions: queues.queueUrls.mentions.replace(queues.endpoint, proxy.endpoint),
      },
    };
    const ingest = createIngestHandler(
      testRuntimeContext({ table: harness.table, queues: throughProxy, secrets: TEST_SECRETS }),
    );
    const body = messengerDelivery();

    const refused = await ingest(signedWebhook('meta', body));
    expect(refused.statusCode).toBeGreaterThanOrEqual(500);
    expect(proxy.injected.SendMessageBatch).toBeGreaterThan(0);

    refusing = false;
    const retried = await ingest(signedWebhook('meta', body));
    expect(retried.statusCode).toBe(200);

    const bodies = await drainBodies();
    // The 11 accepted the first time arrive twice: SQS is at-least-once from here on.
    expect(bodies).toHaveLength(2 * MESSAGES - 1);

    const triage = createTriageHandler(harnessContext(harness));
    for (let start = 0; start < bodies.length; start += 10) {
      const batch = bodies.slice(start, start + 10).map((text) => sqsRecord(text));
      expect((await triage(sqsEvent(...batch))).batchItemFailures).toEqual([]);
    }

    const { Items = [] } = await harness.documents.send(
      new ScanCommand({
        TableName: harness.table.tableName,
        FilterExpression: 'begins_with(SK, :mention)',
        ExpressionAttributeValues: { ':mention': 'MENTION#' },
      }),
    );
    const mentionIds = Items.map((item) => String(item.id));
    expect(mentionIds).toHaveLength(MESSAGES);
    expect(new Set(mentionIds).size).toBe(MESSAGES);
    expect(mentionIds.some((id) => id.endsWith(`7${REFUSED_MID_SUFFIX}`))).toBe(true);
  });
});
