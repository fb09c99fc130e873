/**
 * The ingest answer says when a delivered mention was already recorded, if its sender asks: the
 * real ingest and triage handlers against DynamoDB Local and local SQS.
 */
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createIngestHandler } from '../../../functions/ingest';
import { createTriageHandler } from '../../../functions/triage';
import { QueueMessage } from '../../../shared/contracts/queue-message';
import {
  createTestTable,
  startTestQueues,
  type TestQueues,
  type TestTable,
  testRuntimeContext,
} from '../../support/emulators';
import { fixture, signedWebhook, TEST_SECRETS } from '../../support/signed-webhooks';
import { recordOf, sqsEvent } from '../triage/support';

let table: TestTable;
let queues: TestQueues;
let ingest: ReturnType<typeof createIngestHandler>;
let triage: ReturnType<typeof createTriageHandler>;

beforeAll(async () => {
  [table, queues] = await Promise.all([createTestTable(), startTestQueues()]);
  const ctx = testRuntimeContext({ table, queues, secrets: TEST_SECRETS });
  ingest = createIngestHandler(ctx);
  triage = createTriageHandler(ctx);
});
afterAll(async () => {
  await queues.stop();
  await table.delete();
});

/** Takes the one queued mention off the queue and hands it to triage. */
const triageQueued = async (): Promise<void> => {
  const { Messages = [] } = await queues.client.send(
    new ReceiveMessageCommand({ QueueUrl: queues.queueUrls.mentions, WaitTimeSeconds: 1 }),
  );
  expect(Messages).toHaveLength(1);
  const [message] = Messages;
  const result = await triage(
    sqsEvent(recordOf(QueueMessage.parse(JSON.parse(message?.Body ?? '')))),
  );
  expect(result.batchItemFailures).toEqual([]);
  await queues.client.send(
    new DeleteMessageCommand({
      QueueUrl: queues.queueUrls.mentions,
      ReceiptHandle: message?.ReceiptHandle,
    }),
  );
};

describe('ingest answer for a mention delivered again', () => {
  it('counts it as a duplicate when asked, once triage recorded it, and still queues it', async () => {
    const body = fixture('generic', 'mention-created.json');
    const asked = { countDuplicates: 'true' };
    const first = await ingest(signedWebhook('generic', body, asked));
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(String(first.body))).toEqual({ accepted: 1, ignored: 0 });
    await triageQueued();

    const again = await ingest(signedWebhook('generic', body, asked));
    expect(again.statusCode).toBe(200);
    expect(JSON.parse(String(again.body))).toEqual({ accepted: 1, ignored: 0, duplicates: 1 });
    // Queued all the same; triage records it once.
    await triageQueued();

    // A platform does not ask: its delivery costs no read, and the answer counts nothing.
    const unasked = await ingest(signedWebhook('generic', body));
    expect(unasked.statusCode).toBe(200);
    expect(JSON.parse(String(unasked.body))).toEqual({ accepted: 1, ignored: 0 });
    await triageQueued();
  });

  it('refuses a countDuplicates that is neither true nor false, naming it, and queues nothing', async () => {
    const body = fixture('generic', 'mention-created.json');
    const answer = await ingest(signedWebhook('generic', body, { countDuplicates: 'yes' }));
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(String(answer.body))).toEqual({
      error: {
        code: 'invalid_query',
        message: 'countDuplicates must be true or false, not "yes"',
      },
    });
    const { Messages = [] } = await queues.client.send(
      new ReceiveMessageCommand({ QueueUrl: queues.queueUrls.mentions, WaitTimeSeconds: 1 }),
    );
    expect(Messages).toEqual([]);
  });
});
