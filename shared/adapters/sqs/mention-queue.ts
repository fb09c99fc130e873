import {
  type BatchResultErrorEntry,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type QueueMessage, queueMessageKey } from '../../contracts/queue-message';

/** SQS limits of one SendMessageBatch call. */
const MAX_ENTRIES_PER_BATCH = 10;
const MAX_BATCH_BYTES = 256 * 1024;

export class MentionQueueError extends Error {
  override name = 'MentionQueueError';
}

export interface MentionQueueOptions {
  /** Sends of one batch, the first included, before its still-failing entries are given up. */
  readonly maxAttempts?: number;
  /** Batches in flight at once. */
  readonly concurrency?: number;
  /** Pause before retry number `attempt` (1-based) of a batch's failed entries. */
  readonly retryDelayMs?: (attempt: number) => number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends queue messages to the mentions queue (a standard queue: triage is idempotent on the
 * mention id, so a message sent twice is harmless; a message not sent is a lost complaint).
 */
export class MentionQueue {
  private readonly maxAttempts: number;
  private readonly concurrency: number;
  private readonly retryDelayMs: (attempt: number) => number;

  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    options: MentionQueueOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.concurrency = options.concurrency ?? 8;
    this.retryDelayMs = options.retryDelayMs ?? ((attempt) => 50 * 2 ** (attempt - 1));
  }

  /** Resolves once SQS accepted every message; throws MentionQueueError naming what it refused. */
  async send(messages: readonly QueueMessage[]): Promise<void> {
    const batches = toBatches(messages);
    let next = 0;
    let failure: unknown;
    const worker = async () => {
      while (failure === undefined && next < batches.length) {
        const batch = batches[next++];
        if (batch === undefined) return;
        try {
          await this.sendBatch(batch);
        } catch (error) {
          failure ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, batches.length) }, worker));
    if (failure instanceof MentionQueueError) throw failure;
    if (failure !== undefined) {
      throw new MentionQueueError('SendMessageBatch to the mentions queue failed', {
        cause: failure,
      });
    }
  }

  private async sendBatch(batch: Batch): Promise<void> {
    let pending = batch.entries;
    for (let attempt = 1; ; attempt++) {
      const result = await this.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
      );
      const failed = result.Failed ?? [];
      if (failed.length === 0) return;
      const permanent = failed.filter((entry) => entry.SenderFault);
      if (permanent.length > 0 || attempt >= this.maxAttempts) {
        throw new MentionQueueError(
          `the mentions queue refused ${failed.length} message(s) after ${attempt} attempt(s): ${describe(failed, batch)}`,
        );
      }
      const failedIds = new Set(failed.map((entry) => entry.Id));
      pending = pending.filter((entry) => failedIds.has(entry.Id));
      await sleep(this.retryDelayMs(attempt));
    }
  }
}

interface Batch {
  readonly entries: SendMessageBatchRequestEntry[];
  /** Entry id → the message's key (mention id), for error messages. */
  readonly keys: ReadonlyMap<string, string>;
}

const describe = (failed: BatchResultErrorEntry[], batch: Batch): string =>
  failed
    .map(
      (entry) =>
        `${batch.keys.get(entry.Id ?? '') ?? entry.Id} (${entry.Code}: ${entry.Message ?? ''})`,
    )
    .join('; ');

/** Groups messages into batches of at most ten entries and 256 KiB. */
const toBatches = (messages: readonly QueueMessage[]): Batch[] => {
  const batches: Batch[] = [];
  let entries: SendMessageBatchRequestEntry[] = [];
  let keys = new Map<string, string>();
  let bytes = 0;
  for (const message of messages) {
    const body = JSON.stringify(message);
    const size = Buffer.byteLength(body);
    if (
      entries.length === MAX_ENTRIES_PER_BATCH ||
      (entries.length > 0 && bytes + size > MAX_BATCH_BYTES)
    ) {
      batches.push({ entries, keys });
      entries = [];
      keys = new Map();
      bytes = 0;
    }
    const id = `m${entries.length}`;
    entries.push({ Id: id, MessageBody: body });
    keys.set(id, queueMessageKey(message));
    bytes += size;
  }
  if (entries.length > 0) batches.push({ entries, keys });
  return batches;
};
