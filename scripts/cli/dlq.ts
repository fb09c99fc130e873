/** `responder dlq inspect|redrive`: what failed, and sending it back to be processed again. */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { CliError } from './api-client';

export interface DeadLetter {
  readonly messageId: string;
  readonly receiveCount: string | undefined;
  readonly sentAt: string | undefined;
  readonly body: string;
}

/** The prefix the CDK stack gives every queue: `social-responder-<stage>-`. */
const STACK_QUEUE_PREFIX = 'social-responder-';

const sdkMessage = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  return /region is missing/i.test(message)
    ? 'no AWS region: pass --region or --profile, set AWS_REGION, or start the local runtime (npm start) to use its queues'
    : message;
};

/**
 * A queue's URL from its URL, its name, or its name without the stack's stage prefix
 * (`mentions-dlq` finds `social-responder-prod-mentions-dlq` when exactly one stage has it).
 */
export const queueUrlOf = async (client: SQSClient, nameOrUrl: string): Promise<string> => {
  if (/^https?:\/\//.test(nameOrUrl)) return nameOrUrl;
  try {
    const found = await client.send(new GetQueueUrlCommand({ QueueName: nameOrUrl }));
    if (found.QueueUrl) return found.QueueUrl;
  } catch (error) {
    if (!(error instanceof QueueDoesNotExist) && !/does not exist/i.test(String(error))) {
      throw new CliError(`no queue named ${nameOrUrl}: ${sdkMessage(error)}`, { cause: error });
    }
  }
  const { QueueUrls = [] } = await client
    .send(new ListQueuesCommand({ QueueNamePrefix: STACK_QUEUE_PREFIX }))
    .catch((error: unknown) => {
      throw new CliError(`no queue named ${nameOrUrl}: ${sdkMessage(error)}`, { cause: error });
    });
  const staged = QueueUrls.filter((url) =>
    new RegExp(`/${STACK_QUEUE_PREFIX}[a-z0-9-]+?-${nameOrUrl}$`).test(url),
  );
  const [only, ...others] = staged;
  if (only && others.length === 0) return only;
  if (only) {
    throw new CliError(
      `several stages have a queue ${nameOrUrl}; pass one of: ${staged.map((url) => url.slice(url.lastIndexOf('/') + 1)).join(', ')}`,
    );
  }
  throw new CliError(`no queue named ${nameOrUrl} (nor ${STACK_QUEUE_PREFIX}<stage>-${nameOrUrl})`);
};

const receive = (client: SQSClient, queueUrl: string, visibilitySeconds: number) =>
  client.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: visibilitySeconds,
      WaitTimeSeconds: 0,
      // Both, since some emulators read only the older name.
      AttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
    }),
  );

/**
 * Up to `max` dead letters, read without removing them: each is hidden while the scan runs (so no
 * letter is read twice) and made visible again at once when it ends, ready for a redrive.
 */
export const inspectDeadLetters = async (
  client: SQSClient,
  queueUrl: string,
  max: number,
): Promise<DeadLetter[]> => {
  const letters = new Map<string, DeadLetter>();
  const held: string[] = [];
  try {
    await scan(client, queueUrl, max, letters, held);
  } finally {
    for (const receiptHandle of held) {
      await client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }
  }
  return [...letters.values()];
};

const scan = async (
  client: SQSClient,
  queueUrl: string,
  max: number,
  letters: Map<string, DeadLetter>,
  held: string[],
): Promise<void> => {
  while (letters.size < max) {
    const { Messages = [] } = await receive(client, queueUrl, 30);
    for (const message of Messages) if (message.ReceiptHandle) held.push(message.ReceiptHandle);
    const fresh = Messages.filter((message) => !letters.has(String(message.MessageId)));
    if (fresh.length === 0) break;
    for (const message of fresh.slice(0, max - letters.size)) {
      const sent = message.Attributes?.SentTimestamp;
      letters.set(String(message.MessageId), {
        messageId: String(message.MessageId),
        receiveCount: message.Attributes?.ApproximateReceiveCount,
        sentAt: sent ? new Date(Number(sent)).toISOString() : undefined,
        body: message.Body ?? '',
      });
    }
  }
};

/** Moves up to `max` dead letters back to the source queue (sent first, then deleted). */
export const redriveDeadLetters = async (
  client: SQSClient,
  from: string,
  to: string,
  max: number,
): Promise<number> => {
  let moved = 0;
  while (moved < max) {
    const { Messages = [] } = await receive(client, from, 30);
    if (Messages.length === 0) break;
    for (const message of Messages.slice(0, max - moved)) {
      await client.send(
        new SendMessageCommand({
          QueueUrl: to,
          MessageBody: message.Body ?? '',
          ...(message.Attributes?.MessageGroupId
            ? { MessageGroupId: message.Attributes.MessageGroupId }
            : {}),
          ...(message.Attributes?.MessageDeduplicationId
            ? { MessageDeduplicationId: `${message.Attributes.MessageDeduplicationId}-redrive` }
            : {}),
        }),
      );
      await client.send(
        new DeleteMessageCommand({ QueueUrl: from, ReceiptHandle: message.ReceiptHandle }),
      );
      moved += 1;
    }
  }
  return moved;
};
