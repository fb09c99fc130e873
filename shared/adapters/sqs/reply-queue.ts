import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ReplyQueueMessage } from '../../contracts/reply';
import type { ReplyQueue } from '../../use-cases/ports/replies';

/**
 * The replies queue: a message names a reply in a case's outbox. A standard queue: the sender's
 * conditional claim makes a message delivered twice harmless.
 */
export class SqsReplyQueue implements ReplyQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(message: ReplyQueueMessage, delaySeconds = 0): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        ...(delaySeconds > 0 ? { DelaySeconds: delaySeconds } : {}),
      }),
    );
  }
}
