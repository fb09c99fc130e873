import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { MentionQueue, MentionQueueError } from '../../../shared/adapters/sqs/mention-queue';
import type { QueueMessage } from '../../../shared/contracts/queue-message';

// Fault injection only: batching and delivery against a real queue are in test/integration/ingest.
const deletion = (index: number): QueueMessage => ({
  type: 'mention.deleted',
  receivedAt: '2025-03-04T16:05:13.000Z',
  mentionId: `x:18969582${String(index).padStart(8, '0')}`,
  source: 'x',
  deletedAt: '2025-03-04T16:05:00.000Z',
});

describe('MentionQueue', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());

  const queue = (maxAttempts = 3) =>
    new MentionQueue(new SQSClient({ region: 'us-east-1' }), 'https://sqs.local/mentions', {
      maxAttempts,
      retryDelayMs: () => 0,
    });

  it('resends only the entries SQS refused, until all are accepted', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [],
        Failed: [
          { Id: 'm1', Code: 'InternalError', SenderFault: false },
          { Id: 'm3', Code: 'ServiceUnavailable', SenderFault: false },
        ],
      })
      .resolves({ Failed: [] });
    await queue().send([0, 1, 2, 3].map(deletion));
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries?.map((entry) => entry.Id)).toEqual(['m1', 'm3']);
  });

  it('throws naming the mention once an entry is still refused after the last attempt', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Failed: [{ Id: 'm0', Code: 'InternalError', Message: 'try again', SenderFault: false }],
    });
    const sending = queue(2).send([deletion(7)]);
    await expect(sending).rejects.toThrow(MentionQueueError);
    await expect(sending).rejects.toThrow(
      'the mentions queue refused 1 message(s) after 2 attempt(s): x:1896958200000007#deleted (InternalError: try again)',
    );
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
  });

  it('does not retry an entry SQS refuses as the sender fault', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Failed: [{ Id: 'm0', Code: 'InvalidMessageContents', SenderFault: true }],
    });
    await expect(queue().send([deletion(1)])).rejects.toThrow(MentionQueueError);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it('wraps a failed call with its cause', async () => {
    const outage = new Error('connect ECONNREFUSED');
    sqs.on(SendMessageBatchCommand).rejects(outage);
    const error = await queue()
      .send([deletion(1)])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MentionQueueError);
    expect((error as MentionQueueError).cause).toBe(outage);
  });
});
