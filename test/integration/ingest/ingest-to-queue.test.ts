import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createIngestHandler } from '../../../functions/ingest';
import { QueueMessage } from '../../../shared/contracts/queue-message';
import { startTestQueues, type TestQueues, testRuntimeContext } from '../../support/emulators';
import { fixture, signedWebhook, TEST_SECRETS } from '../../support/signed-webhooks';

let queues: TestQueues;

beforeAll(async () => {
  queues = await startTestQueues();
});
afterAll(async () => {
  await queues.stop();
});

const handler = () =>
  createIngestHandler(
    testRuntimeContext({
      table: { tableName: 'not-used-by-ingest' },
      queues,
      secrets: TEST_SECRETS,
    }),
  );

/** Receives (and deletes) messages until `count` arrived or the queue stays empty. */
const drain = async (count: number): Promise<QueueMessage[]> => {
  const received: QueueMessage[] = [];
  for (let emptyPolls = 0; received.length < count && emptyPolls < 3; ) {
    const { Messages = [] } = await queues.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.queueUrls.mentions,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    if (Messages.length === 0) emptyPolls++;
    else {
      received.push(
        ...Messages.map((message) => QueueMessage.parse(JSON.parse(message.Body ?? ''))),
      );
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
  }
  return received;
};

const keyOf = (message: QueueMessage) =>
  message.type === 'mention.received' ? message.mention.id : `${message.mentionId}#deleted`;

describe('ingest to the mentions queue', () => {
  it.each([
    ['x', 'tweet-mention.json', ['x:1896948212113408112']],
    ['meta', 'page-feed-comment.json', ['facebook:998877665544332_1204958371029384']],
    ['generic', 'mention-created.json', ['g2:rev_8f3a21c9']],
    ['trustpilot', 'review-created.json', ['trustpilot:67c71b2e9f3a4c0012a8e5d1']],
  ] as const)(
    'puts a signed %s mention on the queue before answering 200',
    async (source, name, ids) => {
      const result = await handler()(signedWebhook(source, fixture(source, name)));
      expect(result.statusCode).toBe(200);
      expect((await drain(ids.length)).map(keyOf)).toEqual(ids);
    },
  );

  it('sends a Meta delivery of 95 messages in batches and loses none', async () => {
    const messenger = JSON.parse(fixture('meta', 'messenger.json'));
    const [first] = messenger.entry;
    const entry = Array.from({ length: 95 }, (_, index) => ({
      ...first,
      messaging: first.messaging.map((event: { message: { mid: string } }) => ({
        ...event,
        message: { ...event.message, mid: `${event.message.mid}-${index}` },
      })),
    }));
    const body = JSON.stringify({ object: 'page', entry });
    const result = await handler()(signedWebhook('meta', body));
    expect(result.statusCode).toBe(200);
    const received = await drain(95);
    expect(new Set(received.map(keyOf)).size).toBe(95);
  });

  it('gives a redelivered webhook the same mention ids, so triage records it once', async () => {
    const body = fixture('x', 'direct-message.json');
    const ingest = handler();
    expect((await ingest(signedWebhook('x', body))).statusCode).toBe(200);
    expect((await ingest(signedWebhook('x', body))).statusCode).toBe(200);
    const keys = (await drain(4)).map(keyOf).sort();
    expect(keys).toEqual([
      'x:1896951990207533060',
      'x:1896951990207533060',
      'x:1896952801951764484',
      'x:1896952801951764484',
    ]);
  });

  it('answers 503 and queues nothing it could not deliver when the queue is unreachable', async () => {
    const ingest = createIngestHandler(
      testRuntimeContext({ table: { tableName: 'not-used-by-ingest' }, secrets: TEST_SECRETS }),
    );
    const result = await ingest(signedWebhook('x', fixture('x', 'tweet-mention.json')));
    expect(result.statusCode).toBe(503);
  });
});
