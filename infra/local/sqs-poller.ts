import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { LOCAL_REGION } from './ports';

export type SqsFunction = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface SqsPollerOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly handler: SqsFunction;
  /** Records per invocation at most (Lambda's BatchSize). */
  readonly batchSize: number;
  /** How long to gather a batch once the first message arrived (MaximumBatchingWindowInSeconds). */
  readonly maxBatchingWindowSeconds: number;
  /** Batches handled at once, each by its own polling loop (the mapping's MaximumConcurrency); 1 by default. */
  readonly maxConcurrency?: number;
  /** Long-poll wait per receive; 20 s as Lambda's pollers use. */
  readonly waitTimeSeconds?: number;
  /** Called when the handler throws or a receive fails; the poller keeps going. */
  readonly onError?: (error: unknown) => void;
}

export interface SqsPoller {
  /** Stops polling and waits for the batches in progress to finish. */
  stop(): Promise<void>;
}

/** SQS allows at most ten messages per ReceiveMessage. */
const MAX_RECEIVE = 10;
const RECEIVE_RETRY_MS = 1_000;
const SHORT_POLL_INTERVAL_MS = 100;

// local-aws-sqs ignores MessageSystemAttributeNames, so the legacy AttributeNames is sent too.
const SYSTEM_ATTRIBUTES = ['All'] as const;

const toRecord = (message: Message, queueArn: string): SQSRecord => {
  const attributes = message.Attributes ?? {};
  const messageAttributes: SQSRecord['messageAttributes'] = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      stringValue: value.StringValue,
      binaryValue: value.BinaryValue
        ? Buffer.from(value.BinaryValue).toString('base64')
        : undefined,
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? '',
      SenderId: attributes.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? '',
      ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
      ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
      ...(attributes.MessageDeduplicationId
        ? { MessageDeduplicationId: attributes.MessageDeduplicationId }
        : {}),
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes
      ? { md5OfMessageAttributes: message.MD5OfMessageAttributes }
      : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: LOCAL_REGION,
  };
};

/**
 * Which messages of a batch are done, as Lambda decides it: all when the handler returns no
 * failures; none when it throws or names an unknown message; otherwise all but the named ones.
 */
export const completedMessages = (
  records: readonly SQSRecord[],
  outcome: { response: SQSBatchResponse | undefined } | { error: unknown },
): SQSRecord[] => {
  if ('error' in outcome) return [];
  const failures = outcome.response?.batchItemFailures ?? [];
  const ids = new Set(records.map((record) => record.messageId));
  if (failures.some((failure) => !failure.itemIdentifier || !ids.has(failure.itemIdentifier))) {
    return [];
  }
  const failed = new Set(failures.map((failure) => failure.itemIdentifier));
  return records.filter((record) => !failed.has(record.messageId));
};

/**
 * Lambda's SQS event source mapping on one machine: long polling, batch size and batching window,
 * several batches at once up to the maximum concurrency, partial batch responses. Messages that are not deleted stay on the queue and come back after the
 * visibility timeout, moving to the dead-letter queue after maxReceiveCount receives, as in AWS.
 */
export const startSqsPoller = (options: SqsPollerOptions): SqsPoller => {
  const concurrency = options.maxConcurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`maxConcurrency must be a positive integer, got ${concurrency}`);
  }
  const abort = new AbortController();
  let running = true;
  const inProgress = new Set<Promise<void>>();

  const receive = async (maxMessages: number, waitTimeSeconds: number): Promise<Message[]> => {
    const { Messages } = await options.client.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: Math.min(MAX_RECEIVE, maxMessages),
        WaitTimeSeconds: waitTimeSeconds,
        AttributeNames: [...SYSTEM_ATTRIBUTES],
        MessageSystemAttributeNames: [...SYSTEM_ATTRIBUTES],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    return Messages ?? [];
  };

  // local-aws-sqs holds a long poll until MaxNumberOfMessages are there (AWS returns as soon as
  // any are), so the long poll asks for one message and the batching window gathers the rest
  // with short polls.
  const gatherBatch = async (): Promise<Message[]> => {
    const batch = await receive(1, options.waitTimeSeconds ?? 20);
    if (batch.length === 0) return batch;
    const windowEnds = Date.now() + options.maxBatchingWindowSeconds * 1000;
    while (running && batch.length < options.batchSize) {
      const more = await receive(options.batchSize - batch.length, 0);
      batch.push(...more);
      const left = windowEnds - Date.now();
      if (left <= 0) break;
      if (more.length === 0) await sleep(Math.min(SHORT_POLL_INTERVAL_MS, left));
    }
    return batch;
  };

  const handleBatch = async (messages: Message[]): Promise<void> => {
    const records = messages.map((message) => toRecord(message, options.queueArn));
    let done: SQSRecord[];
    try {
      done = completedMessages(records, { response: await options.handler({ Records: records }) });
    } catch (error) {
      options.onError?.(error);
      done = completedMessages(records, { error });
    }
    for (let start = 0; start < done.length; start += MAX_RECEIVE) {
      await options.client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: done.slice(start, start + MAX_RECEIVE).map((record, index) => ({
            Id: String(index),
            ReceiptHandle: record.receiptHandle,
          })),
        }),
      );
    }
  };

  const loop = async (): Promise<void> => {
    while (running) {
      try {
        const messages = await gatherBatch();
        if (messages.length === 0) continue;
        const batch = handleBatch(messages);
        inProgress.add(batch);
        await batch.finally(() => inProgress.delete(batch));
      } catch (error) {
        if (!running) return;
        options.onError?.(error);
        await sleep(RECEIVE_RETRY_MS).catch(() => undefined);
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);

  return {
    stop: async () => {
      running = false;
      await Promise.allSettled(inProgress);
      abort.abort();
      await Promise.all(loops);
    },
  };
};
