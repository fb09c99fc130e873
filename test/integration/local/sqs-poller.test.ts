import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  type SqsPoller,
  type SqsPollerOptions,
  startSqsPoller,
} from '../../../infra/local/sqs-poller';
import { MENTION_QUEUE } from '../../../infra/topology';
import { startTestQueues, type TestQueues } from '../../support/emulators';
import { eventually } from '../../support/eventually';

describe('startSqsPoller', () => {
  let queues: TestQueues;
  let poller: SqsPoller | undefined;
  const batches: SQSEvent[] = [];

  beforeEach(async () => {
    queues = await startTestQueues();
    batches.length = 0;
  });
  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
    await queues.stop();
  });

  const start = (
    respond: (event: SQSEvent) => Promise<SQSBatchResponse>,
    settings: Partial<Pick<SqsPollerOptions, 'batchSize' | 'maxConcurrency'>> = {},
  ) => {
    poller = startSqsPoller({
      client: queues.client,
      queueUrl: queues.queueUrls.mentions,
      queueArn: queues.queueArns.mentions,
      batchSize: 10,
      maxBatchingWindowSeconds: 1,
      waitTimeSeconds: 1,
      ...settings,
      handler: async (event) => {
        batches.push(event);
        return respond(event);
      },
    });
  };

  /** Bodies of the handled messages still on the queue: their receipt handles still work. */
  const stillQueued = async (): Promise<string[]> => {
    const records = batches.flatMap((batch) => batch.Records);
    const kept = await Promise.all(
      records.map((record) =>
        queues.client
          .send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: queues.queueUrls.mentions,
              ReceiptHandle: record.receiptHandle,
              VisibilityTimeout: MENTION_QUEUE.visibilityTimeoutSeconds,
            }),
          )
          .then(
            () => [record.body],
            () => [],
          ),
      ),
    );
    return kept.flat().sort();
  };

  const handled = (count: number) =>
    eventually(
      () => batches.flatMap((batch) => batch.Records).length,
      (length) => length >= count,
    );

  const sendBodies = (bodies: string[]) =>
    queues.client.send(
      new SendMessageBatchCommand({
        QueueUrl: queues.queueUrls.mentions,
        Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body })),
      }),
    );

  it('hands the handler records shaped as Lambda delivers them', async () => {
    start(async () => ({ batchItemFailures: [] }));
    await queues.client.send(
      new SendMessageCommand({
        QueueUrl: queues.queueUrls.mentions,
        MessageBody: '{"type":"mention.received"}',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'mention' } },
      }),
    );
    await handled(1);
    const [record] = batches[0]?.Records ?? [];
    expect(record).toMatchObject({
      body: '{"type":"mention.received"}',
      eventSource: 'aws:sqs',
      eventSourceARN: queues.queueArns.mentions,
      awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: { kind: { dataType: 'String', stringValue: 'mention' } },
    });
    expect(record?.messageId).toMatch(/\S/);
    expect(record?.receiptHandle).toMatch(/\S/);
    expect(Number(record?.attributes.SentTimestamp)).toBeGreaterThan(0);
  });

  it('deletes every message but the reported failures', async () => {
    start(async (event) => ({
      batchItemFailures: event.Records.filter((record) => record.body === 'bad').map((record) => ({
        itemIdentifier: record.messageId,
      })),
    }));
    await sendBodies(['good-1', 'bad', 'good-2']);
    await handled(3);
    await poller?.stop();
    expect(await stillQueued()).toEqual(['bad']);
  });

  it('leaves the whole batch on the queue when the handler throws', async () => {
    start(async () => {
      throw new Error('triage failed');
    });
    await sendBodies(['one', 'two']);
    await handled(2);
    await poller?.stop();
    expect(await stillQueued()).toEqual(['one', 'two']);
  });

  it('leaves the whole batch when a failure names a message not in it', async () => {
    start(async () => ({ batchItemFailures: [{ itemIdentifier: 'not-a-message' }] }));
    await sendBodies(['one']);
    await handled(1);
    await poller?.stop();
    expect(await stillQueued()).toEqual(['one']);
  });

  it('never hands more records than the batch size', async () => {
    start(async () => ({ batchItemFailures: [] }));
    await sendBodies(Array.from({ length: 10 }, (_, index) => `a${index}`));
    await sendBodies(Array.from({ length: 5 }, (_, index) => `b${index}`));
    await handled(15);
    await poller?.stop();
    expect(await stillQueued()).toEqual([]);
    expect(batches.flatMap((batch) => batch.Records)).toHaveLength(15);
    expect(Math.max(...batches.map((batch) => batch.Records.length))).toBeLessThanOrEqual(10);
  });

  /** A handler that holds every batch until released, counting how many it holds at most. */
  const holdBatches = () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = { now: 0, most: 0, release };
    const respond = async (): Promise<SQSBatchResponse> => {
      held.now++;
      held.most = Math.max(held.most, held.now);
      await released;
      held.now--;
      return { batchItemFailures: [] };
    };
    return { held, respond };
  };

  it('handles as many batches at once as maxConcurrency allows, and no more', async () => {
    const { held, respond } = holdBatches();
    start(respond, { batchSize: 1, maxConcurrency: 3 });
    await sendBodies(['a', 'b', 'c', 'd', 'e']);
    await handled(3);
    held.release();
    await handled(5);
    await poller?.stop();
    expect(held.most).toBe(3);
    expect(await stillQueued()).toEqual([]);
  });

  it('waits for every batch in progress when stopped, deleting what they completed', async () => {
    const { held, respond } = holdBatches();
    start(respond, { batchSize: 1, maxConcurrency: 2 });
    await sendBodies(['a', 'b']);
    await handled(2);
    const stopped = poller?.stop();
    held.release();
    await stopped;
    expect(held.most).toBe(2);
    expect(await stillQueued()).toEqual([]);
  });

  it('refuses a maxConcurrency that is not a positive integer', () => {
    expect(() => start(async () => ({ batchItemFailures: [] }), { maxConcurrency: 0 })).toThrow(
      'maxConcurrency must be a positive integer, got 0',
    );
  });
});
