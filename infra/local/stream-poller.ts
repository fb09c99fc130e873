/**
 * Lambda's event source mapping for a DynamoDB stream, on one machine: it reads the stream of
 * DynamoDB Local through the DynamoDB Streams API (DescribeStream, GetShardIterator, GetRecords),
 * one batch at a time per shard (so the records of an item arrive in order), a child shard only
 * after its parent is finished, and applies the documented error handling (stream-batches.ts):
 * retries, ReportBatchItemFailures, BisectBatchOnFunctionError, MaximumRetryAttempts and an
 * on-failure destination. Records are delivered at least once. Differences from AWS are listed
 * in docs/local-runtime.md.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type {
  AttributeValue,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { LOCAL_REGION } from './ports';
import { type BatchOutcome, decideBatch, type StreamErrorHandling } from './stream-batches';

export type StreamFunction = (
  event: DynamoDBStreamEvent,
) => Promise<DynamoDBBatchResponse | undefined>;

/** What an on-failure destination receives about discarded records (shape as Lambda sends it). */
export interface DiscardedBatch {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly batchSize: number;
  readonly streamArn: string;
}

export interface StreamPollerOptions extends StreamErrorHandling {
  readonly client: DynamoDBStreamsClient;
  readonly streamArn: string;
  readonly handler: StreamFunction;
  /** Records per invocation at most (BatchSize). */
  readonly batchSize: number;
  /** How long to gather records once the first arrived (MaximumBatchingWindowInSeconds). */
  readonly maxBatchingWindowSeconds: number;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** Pause between GetRecords of an idle shard; Lambda polls each shard four times a second. */
  readonly pollIntervalMs?: number;
  /** The on-failure destination: records dropped after their retries. */
  readonly onDiscarded?: (batch: DiscardedBatch) => void;
  /** Called when the function fails or a stream call fails; polling goes on. */
  readonly onError?: (error: unknown) => void;
}

export interface StreamPoller {
  /**
   * Resolves once every record written before the call has been handled (or discarded); for
   * tests and benchmarks that need the stream's effects.
   */
  drained(): Promise<void>;
  /** Stops polling and waits for the batches in progress. */
  stop(): Promise<void>;
}

const DEFAULT_POLL_MS = 250;

/** The SDK's attribute values back into the JSON form Lambda puts into the event. */
const toLambdaImage = (
  image: Record<string, unknown> | undefined,
): Record<string, AttributeValue> | undefined =>
  image === undefined
    ? undefined
    : (JSON.parse(
        JSON.stringify(image, (_key, value: unknown) =>
          value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value,
        ),
      ) as Record<string, AttributeValue>);

/** A stream record as the event source mapping hands it to the function. */
export const toLambdaRecord = (record: StreamRecord, streamArn: string): DynamoDBRecord => {
  const change = record.dynamodb ?? {};
  const created = change.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion ?? LOCAL_REGION,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
      Keys: toLambdaImage(change.Keys),
      ...(change.NewImage ? { NewImage: toLambdaImage(change.NewImage) } : {}),
      ...(change.OldImage ? { OldImage: toLambdaImage(change.OldImage) } : {}),
      SequenceNumber: change.SequenceNumber,
      SizeBytes: change.SizeBytes,
      StreamViewType: change.StreamViewType as NonNullable<
        DynamoDBRecord['dynamodb']
      >['StreamViewType'],
    },
    ...(record.userIdentity
      ? {
          userIdentity: {
            type: record.userIdentity.Type ?? 'Service',
            principalId: record.userIdentity.PrincipalId ?? '',
          },
        }
      : {}),
    eventSourceARN: streamArn,
  };
};

/** Every shard of a stream, open and closed. */
export const listShards = async (
  client: DynamoDBStreamsClient,
  streamArn: string,
  abortSignal?: AbortSignal,
): Promise<Shard[]> => {
  const shards: Shard[] = [];
  let start: string | undefined;
  do {
    const { StreamDescription } = await client.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      { abortSignal },
    );
    shards.push(...(StreamDescription?.Shards ?? []));
    start = StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return shards;
};

interface ShardState {
  iterator: string | undefined;
  buffer: DynamoDBRecord[];
  /** The shard is closed (no next iterator) and every record of it is handled. */
  finished: boolean;
  /** The last GetRecords of this shard returned nothing. */
  idle: boolean;
}

/** Starts reading the stream; one loop per open shard. */
export const startStreamPoller = (options: StreamPollerOptions): StreamPoller => {
  const pollMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
  const abort = new AbortController();
  let running = true;
  const shards = new Map<string, ShardState>();
  const loops = new Set<Promise<void>>();
  let busy = 0;

  const reportError = (error: unknown) => {
    if (running) options.onError?.(error);
  };

  const invoke = async (records: readonly DynamoDBRecord[]): Promise<BatchOutcome> => {
    try {
      const response = await options.handler({ Records: [...records] });
      return { response: response ?? undefined };
    } catch (error) {
      reportError(error);
      return { error };
    }
  };

  /** Handles one batch until it is done or discarded, retrying in place as Lambda does. */
  const handleBatch = async (shardId: string, first: readonly DynamoDBRecord[]): Promise<void> => {
    const pending: { records: readonly DynamoDBRecord[]; retries: number }[] = [
      { records: first, retries: 0 },
    ];
    while (pending.length > 0 && running) {
      const current = pending.shift();
      if (!current) break;
      const decision = decideBatch(
        current.records,
        await invoke(current.records),
        current.retries,
        options,
      );
      if (decision.kind === 'split') {
        pending.unshift(
          { records: decision.halves[0], retries: current.retries },
          { records: decision.halves[1], retries: current.retries },
        );
      } else if (decision.kind === 'retry') {
        pending.unshift({
          records: decision.retry,
          retries: current.retries + (decision.countsAsRetry ? 1 : 0),
        });
      } else if (decision.kind === 'discard') {
        const sequences = decision.records.map((record) => record.dynamodb?.SequenceNumber ?? '');
        options.onDiscarded?.({
          shardId,
          startSequenceNumber: sequences[0] ?? '',
          endSequenceNumber: sequences.at(-1) ?? '',
          batchSize: decision.records.length,
          streamArn: options.streamArn,
        });
      }
    }
  };

  const fetch = async (state: ShardState): Promise<void> => {
    if (!state.iterator) return;
    const page = await options.client.send(
      new GetRecordsCommand({ ShardIterator: state.iterator }),
      { abortSignal: abort.signal },
    );
    state.iterator = page.NextShardIterator;
    const records = (page.Records ?? []).map((record) => toLambdaRecord(record, options.streamArn));
    state.buffer.push(...records);
    state.idle = records.length === 0;
    if (!state.iterator && state.buffer.length === 0) state.finished = true;
  };

  const runShard = async (shard: Shard, state: ShardState): Promise<void> => {
    const shardId = shard.ShardId ?? '';
    while (running && !state.finished) {
      try {
        if (!state.iterator && state.buffer.length === 0) {
          state.finished = true;
          break;
        }
        await fetch(state);
        if (state.buffer.length === 0) {
          await sleep(pollMs, undefined, { signal: abort.signal }).catch(() => undefined);
          continue;
        }
        const windowEnds = Date.now() + options.maxBatchingWindowSeconds * 1000;
        while (running && state.iterator && state.buffer.length < options.batchSize) {
          const left = windowEnds - Date.now();
          if (left <= 0) break;
          await sleep(Math.min(pollMs, left), undefined, { signal: abort.signal }).catch(
            () => undefined,
          );
          await fetch(state);
        }
        const batch = state.buffer.splice(0, options.batchSize);
        busy += 1;
        try {
          await handleBatch(shardId, batch);
        } finally {
          busy -= 1;
        }
        if (!state.iterator && state.buffer.length === 0) state.finished = true;
      } catch (error) {
        if (!running) return;
        reportError(error);
        await sleep(pollMs * 4, undefined, { signal: abort.signal }).catch(() => undefined);
      }
    }
  };

  const startShard = async (shard: Shard): Promise<void> => {
    const shardId = shard.ShardId ?? '';
    // A child shard continues where its parent left off: read it from its start.
    const parentKnown = shard.ParentShardId !== undefined && shards.has(shard.ParentShardId);
    const { ShardIterator } = await options.client.send(
      new GetShardIteratorCommand({
        StreamArn: options.streamArn,
        ShardId: shardId,
        ShardIteratorType: parentKnown ? 'TRIM_HORIZON' : options.startingPosition,
      }),
      { abortSignal: abort.signal },
    );
    const state: ShardState = { iterator: ShardIterator, buffer: [], finished: false, idle: false };
    shards.set(shardId, state);
    const loop = runShard(shard, state).finally(() => loops.delete(loop));
    loops.add(loop);
  };

  /** Starts a loop for every shard whose parent is finished or gone from the stream. */
  const discover = async (): Promise<void> => {
    const listed = await listShards(options.client, options.streamArn, abort.signal);
    const ids = new Set(listed.map((shard) => shard.ShardId));
    for (const shard of listed) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      const parent = shard.ParentShardId;
      const parentDone =
        parent === undefined || !ids.has(parent) || shards.get(parent)?.finished === true;
      if (parentDone) await startShard(shard);
    }
  };

  const discovery = (async () => {
    while (running) {
      await discover().catch(reportError);
      await sleep(pollMs * 4, undefined, { signal: abort.signal }).catch(() => undefined);
    }
  })();

  return {
    drained: async () => {
      // Two quiet rounds in a row: every shard read up to its end, nothing buffered, no batch running.
      let quietRounds = 0;
      while (running && quietRounds < 2) {
        await sleep(pollMs + 10);
        const quiet =
          busy === 0 &&
          shards.size > 0 &&
          [...shards.values()].every(
            (state) => state.finished || (state.idle && !state.buffer.length),
          );
        quietRounds = quiet ? quietRounds + 1 : 0;
      }
    },
    stop: async () => {
      running = false;
      abort.abort();
      await Promise.allSettled([discovery, ...loops]);
    },
  };
};
