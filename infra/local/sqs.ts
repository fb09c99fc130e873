import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import { MENTION_QUEUE, QUEUES, REPLY_QUEUE } from '../topology';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './ports';

export class SqsLocalError extends Error {
  override name = 'SqsLocalError';
}

export type QueueName = keyof typeof QUEUES;

export interface SqsLocalOptions {
  /** Port to listen on; a free one when omitted. */
  readonly port?: number;
}

export interface SqsLocal {
  readonly endpoint: string;
  readonly port: number;
  /** The URL of each topology queue. */
  readonly queueUrls: Readonly<Record<QueueName, string>>;
  /** The ARN of each topology queue (the `eventSourceARN` of Lambda records). */
  readonly queueArns: Readonly<Record<QueueName, string>>;
  stop(): Promise<void>;
}

const DAY_SECONDS = 86_400;
const DLQ_RETENTION_SECONDS = 14 * DAY_SECONDS;

const queueArn = (name: string): string =>
  `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${name}`;

const deadLetterQueue = (name: string) => ({
  QueueName: name,
  Attributes: { MessageRetentionPeriod: DLQ_RETENTION_SECONDS },
});

const workQueue = (
  name: string,
  settings: typeof MENTION_QUEUE | typeof REPLY_QUEUE,
  deadLetterName: string,
) => ({
  QueueName: name,
  Attributes: {
    VisibilityTimeout: settings.visibilityTimeoutSeconds,
    MessageRetentionPeriod: settings.retentionDays * DAY_SECONDS,
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: queueArn(deadLetterName),
      maxReceiveCount: settings.maxReceiveCount,
    }),
  },
});

/** The queues of infra/topology.ts with the same visibility, retention and redrive as in AWS. */
const topologyQueues = () => [
  deadLetterQueue(QUEUES.mentionsDlq),
  deadLetterQueue(QUEUES.notifyDlq),
  deadLetterQueue(QUEUES.repliesDlq),
  workQueue(QUEUES.mentions, MENTION_QUEUE, QUEUES.mentionsDlq),
  workQueue(QUEUES.replies, REPLY_QUEUE, QUEUES.repliesDlq),
];

/**
 * Starts local-aws-sqs in this process with the topology's queues. Its state lives in memory, so
 * messages do not survive a restart.
 */
export const startSqsLocal = async (options: SqsLocalOptions = {}): Promise<SqsLocal> => {
  const hostname = '127.0.0.1';
  let server: Server;
  try {
    server = await createSqsServer({
      port: options.port ?? 0,
      hostname,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT_ID,
      emulateQueueCreationLifecycle: false,
      queues: topologyQueues(),
    });
  } catch (error) {
    throw new SqsLocalError('local-aws-sqs could not be started', { cause: error });
  }
  const address = server.address();
  if (!address || typeof address !== 'object') {
    server.close();
    throw new SqsLocalError('local-aws-sqs is not listening on a TCP port');
  }
  const endpoint = `http://${hostname}:${address.port}`;
  const names = Object.keys(QUEUES) as QueueName[];
  const mapQueues = (toValue: (name: string) => string) =>
    Object.fromEntries(names.map((key) => [key, toValue(QUEUES[key])])) as Record<
      QueueName,
      string
    >;

  return {
    endpoint,
    port: address.port,
    queueUrls: mapQueues((name) => `${endpoint}/${LOCAL_ACCOUNT_ID}/${name}`),
    queueArns: mapQueues(queueArn),
    stop: () =>
      new Promise((done) => {
        // Long polls hold connections open for up to 20 s; end them rather than wait.
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
};

/**
 * The messages a queue holds: waiting, in flight or delayed. local-aws-sqs counts in-flight
 * messages in ApproximateNumberOfMessages (AWS does not), so that and the delayed count are all.
 */
export const messagesHeld = async (client: SQSClient, queueUrl: string): Promise<number> => {
  const { Attributes = {} } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
  );
};

const DRAIN_POLL_MS = 100;

/**
 * Waits until the queues hold nothing (their pollers handled and deleted every message) or the
 * time is up, and answers how many messages are left. A message whose handling failed waits out
 * its visibility timeout, so it is usually among those left.
 */
export const drainQueues = async (
  client: SQSClient,
  queueUrls: readonly string[],
  timeoutMs: number,
): Promise<number> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const held = await Promise.all(queueUrls.map((url) => messagesHeld(client, url)));
    const left = held.reduce((sum, count) => sum + count, 0);
    if (left === 0 || Date.now() >= deadline) return left;
    await sleep(DRAIN_POLL_MS);
  }
};
