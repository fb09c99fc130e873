/** Shared by the reply tests: running the reply sender on what the replies queue holds. */
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { createReplySenderHandler } from '../../../functions/reply-sender';
import type { LocalClock } from '../../../infra/local/clock';
import type { TestQueues } from '../../support/emulators';
import { sqsEvent, sqsRecord } from '../triage/support';

/**
 * Runs the reply sender on what the replies queue holds until `done` (at most `rounds` rounds),
 * a second of business time a round.
 */
export const sendRepliesUntil = async (
  harness: {
    queues: TestQueues;
    sender: ReturnType<typeof createReplySenderHandler>;
    clock: LocalClock;
  },
  done: () => boolean,
  rounds = 30,
) => {
  const { queues, sender, clock } = harness;
  for (let round = 0; round < rounds && !done(); round += 1) {
    const { Messages = [] } = await queues.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.queueUrls.replies,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    if (Messages.length > 0) {
      const answer = await sender(
        sqsEvent(...Messages.map((message) => sqsRecord(message.Body ?? ''))),
      );
      expect(answer?.batchItemFailures ?? []).toEqual([]);
      for (const message of Messages) {
        await queues.client.send(
          new DeleteMessageCommand({
            QueueUrl: queues.queueUrls.replies,
            ReceiptHandle: message.ReceiptHandle,
          }),
        );
      }
    }
    clock.advance(1_000);
  }
};
