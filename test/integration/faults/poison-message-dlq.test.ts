/**
 * A poison message on the mentions queue, through the local event source mapping (the same poller
 * the local runtime runs) and the real triage function: it is handed over maxReceiveCount times and
 * then lies in the mentions DLQ, while every good message it shared a batch with is recorded once.
 * The queue's visibility timeout is cut to a few seconds so the redeliveries take seconds, not
 * minutes; it stays longer than the batching window plus the handler's time, as AWS requires, or a
 * message would come back while its own batch is still being gathered.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createTriageHandler } from '../../../functions/triage';
import { type SqsPoller, startSqsPoller } from '../../../infra/local/sqs-poller';
import { MENTION_QUEUE } from '../../../infra/topology';
import type { Mention } from '../../../shared/contracts/mention';
import { caseIdFor } from '../../../shared/use-cases/mention-triage';
import { refundComplaint } from '../../fixtures/cases/mentions';
import { startTestQueues, type TestQueues } from '../../support/emulators';
import {
  harnessContext,
  received,
  startTriageHarness,
  type TriageHarness,
} from '../triage/support';

const VISIBILITY_SECONDS = MENTION_QUEUE.maxBatchingWindowSeconds + 2;

let harness: TriageHarness;
let queues: TestQueues;
let poller: SqsPoller;
const handled: { event: SQSEvent; response: SQSBatchResponse }[] = [];

/** A complaint from its own customer, so each opens its own case. */
const complaint = (n: number): Mention =>
  refundComplaint({
    id: `x:17900099000000000${n}`,
    nativeId: `17900099000000000${n}`,
    conversationId: `17900099000000000${n}`,
    url: `https://x.com/customer${n}/status/17900099000000000${n}`,
    author: {
      id: `31000000${n}`,
      name: `Customer ${n}`,
      handle: `customer${n}`,
      followers: 120 * n,
      verified: false,
    },
  });

const goodMentions = [1, 2, 3, 4].map(complaint);
const poisonBodies = [
  '{"type":"mention.received","receivedAt":"2025-05-13T09:14:29.000Z","mention":',
  JSON.stringify({ type: 'mention.received', receivedAt: 'yesterday', mention: { id: 7 } }),
];

const receiveAll = async (queueUrl: string, expected: number): Promise<Message[]> => {
  const messages: Message[] = [];
  const deadline = Date.now() + 60_000;
  while (messages.length < expected && Date.now() < deadline) {
    const { Messages = [] } = await queues.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        // Held invisible for the rest of the test, so no message is counted twice.
        VisibilityTimeout: 600,
        AttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    messages.push(...Messages);
  }
  return messages;
};

beforeAll(async () => {
  harness = await startTriageHarness();
  queues = await startTestQueues();
  await queues.client.send(
    new SetQueueAttributesCommand({
      QueueUrl: queues.queueUrls.mentions,
      Attributes: { VisibilityTimeout: String(VISIBILITY_SECONDS) },
    }),
  );
  // Queued before the poller starts, so the first batch holds all of them.
  await queues.client.send(
    new SendMessageBatchCommand({
      QueueUrl: queues.queueUrls.mentions,
      Entries: [
        ...goodMentions.map((mention) => JSON.stringify(received(mention))),
        ...poisonBodies,
      ].map((body, index) => ({ Id: `m${index}`, MessageBody: body })),
    }),
  );
  const triage = createTriageHandler(harnessContext(harness));
  poller = startSqsPoller({
    client: queues.client,
    queueUrl: queues.queueUrls.mentions,
    queueArn: queues.queueArns.mentions,
    batchSize: MENTION_QUEUE.batchSize,
    maxBatchingWindowSeconds: MENTION_QUEUE.maxBatchingWindowSeconds,
    waitTimeSeconds: 1,
    handler: async (event) => {
      const response = await triage(event);
      handled.push({ event, response });
      return response;
    },
  });
}, 30_000);

afterAll(async () => {
  await poller?.stop();
  await queues?.stop();
  await harness?.stop();
});

describe('poison message on the mentions queue', () => {
  let deadLetters: Message[] = [];

  beforeAll(async () => {
    deadLetters = await receiveAll(queues.queueUrls.mentionsDlq, poisonBodies.length);
    // Anything the poller still holds would show up as a further batch; give it one more window.
    await sleep((VISIBILITY_SECONDS + MENTION_QUEUE.maxBatchingWindowSeconds) * 1000);
  }, 90_000);

  it('moves each poison message to the mentions DLQ unchanged', () => {
    expect(deadLetters.map((message) => message.Body).sort()).toEqual([...poisonBodies].sort());
  });

  it('hands each poison message to triage exactly maxReceiveCount times before the DLQ', () => {
    for (const body of poisonBodies) {
      const receives = handled
        .flatMap(({ event }) => event.Records)
        .filter((record) => record.body === body)
        .map((record) => Number(record.attributes.ApproximateReceiveCount));
      expect(receives).toEqual(
        Array.from({ length: MENTION_QUEUE.maxReceiveCount }, (_, index) => index + 1),
      );
    }
  });

  it('delivers the good messages in the same first batch as the poison ones', () => {
    const first = handled[0]?.event.Records.map((record) => record.body) ?? [];
    expect(first).toHaveLength(goodMentions.length + poisonBodies.length);
    expect(first).toEqual(expect.arrayContaining(poisonBodies));
  });

  it('reports only the poison messages as failures in every batch', () => {
    for (const { event, response } of handled) {
      const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      for (const record of event.Records) {
        expect({ body: record.body, failed: failed.has(record.messageId) }).toEqual({
          body: record.body,
          failed: poisonBodies.includes(record.body),
        });
      }
    }
  });

  it('records every good mention once, in its own case, and hands it over only once', async () => {
    for (const mention of goodMentions) {
      const record = await harness.store.getCaseRecord(caseIdFor(mention));
      expect(record?.mentions.map((stored) => stored.id)).toEqual([mention.id]);
      const deliveries = handled
        .flatMap(({ event }) => event.Records)
        .filter((one) => one.body === JSON.stringify(received(mention)));
      expect(deliveries).toHaveLength(1);
    }
  });

  it('leaves the mentions queue empty', async () => {
    const { Attributes } = await queues.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queues.queueUrls.mentions,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });
});
