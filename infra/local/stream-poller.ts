/**
 * Lambda's event source mapping for a DynamoDB stream, on one machine: it reads the stream of
 * DynamoDB Local through the DynamoDB Streams API (DescribeStream, GetShardIterator, GetRecords),
 * one batch at a time per shard (so the records of an item arrive in order), a child shard only
 * after its parent is finished, and applies the documented error handling (stream-batches.ts):
 * retries, ReportBatchItemFailures, BisectBatchOnFunctionError, MaximumRetryAttempts and an
 * on-failure destination. Records are delivered at least once. With a tumbling window
 * (TumblingWindowInSeconds) it hands each invocation the window, the shard and the state the
 * previous invocation of the window returned, and invokes once more with isFinalInvokeForWindow
 * when the window has ended. Differences from AWS are listed in docs/local-runtime.md.
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
import type { StreamWindowFields, WindowState } from '../../shared/contracts/stream-window';
import { LOCAL_REGION } from './ports';
import { type BatchOutcome, decideBatch, type StreamErrorHandling } from './stream-batches';

/** The function's event: with a tumbling window it also carries the window fields. */
export type StreamFunction = (
  event: DynamoDBStreamEvent & Partial<StreamWindowFields>,
) => Promise<(DynamoDBBatchResponse & { state?: WindowState }) | undefined>;

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
  /** TumblingWindowInSeconds: 0 or absent for stateless invocations. */
  readonly tumblingWindowSeconds?: number;
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

/** A windowed invocation answered without the state Lambda requires. */
export class StreamWindowStateError extends Error {
  override name = 'StreamWindowStateError';
}

type SdkAttributeValue = NonNullable<NonNullable<StreamRecord['dynamodb']>['NewImage']>[string];

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/**
 * One attribute value in the JSON form Lambda puts into the event (binary as base64). DynamoDB
 * Local's stream writes an empty map as `{}` (no type at all), where DynamoDB Streams writes
 * `{"M":{}}`; no other value can be empty, so `{}` is read as the empty map it stands for.
 */
const toLambdaValue = (value: SdkAttributeValue): AttributeValue => {
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  const defined = Object.entries(value).filter(([, member]) => member !== undefined);
  if (defined.length === 0) return { M: {} };
  return Object.fromEntries(defined) as AttributeValue;
};

/** The SDK's attribute values back into the JSON form Lambda puts into the event. */
const toLambdaImage = (image: Record<string, SdkAttributeValue>): Record<string, AttributeValue> =>
  Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]));

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
      ...(change.Keys ? { Keys: toLambdaImage(change.Keys) } : {}),
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

/** The tumbling window a shard is in, and the state its last successful invocation returned. */
interface OpenWindow {
  readonly start: number;
  state: WindowState;
}

interface ShardState {
  iterator: string | undefined;
  /** Open tumbling window (only with tumblingWindowSeconds). */
  window?: OpenWindow;
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

  const windowMs = (options.tumblingWindowSeconds ?? 0) * 1000;

  /** The window a record belongs to: windows are aligned to multiples of their length. */
  const windowStartOf = (record: DynamoDBRecord): number => {
    const at = (record.dynamodb?.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000;
    return Math.floor(at / windowMs) * windowMs;
  };

  const windowFields = (
    shardId: string,
    window: OpenWindow,
    final: boolean,
  ): StreamWindowFields => ({
    window: {
      start: new Date(window.start).toISOString(),
      end: new Date(window.start + windowMs).toISOString(),
    },
    state: window.state,
    shardId,
    eventSourceARN: options.streamArn,
    isFinalInvokeForWindow: final,
    isWindowTerminatedEarly: false,
  });

  /**
   * Invokes the function; in a window the answer must carry `state` (else the invocation failed),
   * and the state of an answer that checkpoints records becomes the window's.
   */
  const invoke = async (
    records: readonly DynamoDBRecord[],
    window?: { shardId: string; open: OpenWindow; final: boolean },
  ): Promise<BatchOutcome & { state?: WindowState }> => {
    try {
      const response = await options.handler({
        Records: [...records],
        ...(window ? windowFields(window.shardId, window.open, window.final) : {}),
      });
      if (window) {
        const state = response?.state;
        if (typeof state !== 'object' || state === null || Array.isArray(state)) {
          throw new StreamWindowStateError('a windowed invocation answered without a state');
        }
        return { response, state };
      }
      return { response: response ?? undefined };
    } catch (error) {
      reportError(error);
      return { error };
    }
  };

  /** Handles one batch until it is done or discarded, retrying in place as Lambda does. */
  const handleBatch = async (
    shardId: string,
    first: readonly DynamoDBRecord[],
    window?: OpenWindow,
  ): Promise<void> => {
    const pending: { records: readonly DynamoDBRecord[]; retries: number }[] = [
      { records: first, retries: 0 },
    ];
    while (pending.length > 0 && running) {
      const current = pending.shift();
      if (!current) break;
      const outcome = await invoke(
        current.records,
        window ? { shardId, open: window, final: false } : undefined,
      );
      const decision = decideBatch(current.records, outcome, current.retries, options);
      if (window && outcome.state && (decision.kind === 'done' || decision.kind === 'retry')) {
        window.state = outcome.state;
      }
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

  /**
   * The window's last invocation, with its state and no records; retried until it succeeds (the
   * shard waits meanwhile), then the state is dropped.
   */
  const closeWindow = async (shardId: string, state: ShardState): Promise<void> => {
    const open = state.window;
    if (!open) return;
    while (running) {
      const outcome = await invoke([], { shardId, open, final: true });
      if (!('error' in outcome)) break;
      await sleep(pollMs * 4, undefined, { signal: abort.signal }).catch(() => undefined);
    }
    if (running) state.window = undefined;
  };

  const windowEnded = (state: ShardState): boolean =>
    state.window !== undefined && Date.now() >= state.window.start + windowMs;

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
    if (!state.iterator && state.buffer.length === 0 && !state.window) state.finished = true;
  };

  const runShard = async (shard: Shard, state: ShardState): Promise<void> => {
    const shardId = shard.ShardId ?? '';
    while (running && !state.finished) {
      try {
        if (!state.iterator && state.buffer.length === 0) {
          // A closed shard ends its window with it.
          await closeWindow(shardId, state);
          state.finished = true;
          break;
        }
        await fetch(state);
        if (state.buffer.length === 0) {
          if (windowEnded(state)) {
            await closeWindow(shardId, state);
            continue;
          }
          await sleep(pollMs, undefined, { signal: abort.signal }).catch(() => undefined);
          continue;
        }
        const next = state.buffer[0];
        if (windowMs > 0 && next && state.window && windowStartOf(next) !== state.window.start) {
          await closeWindow(shardId, state);
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
        let size = Math.min(options.batchSize, state.buffer.length);
        if (windowMs > 0) {
          // A batch never spans two windows.
          const start = windowStartOf(state.buffer[0] as DynamoDBRecord);
          const other = state.buffer.findIndex((record) => windowStartOf(record) !== start);
          if (other !== -1) size = Math.min(size, other);
          state.window ??= { start, state: {} };
        }
        const batch = state.buffer.splice(0, size);
        busy += 1;
        try {
          await handleBatch(shardId, batch, state.window);
        } finally {
          busy -= 1;
        }
        if (!state.iterator && state.buffer.length === 0 && !state.window) state.finished = true;
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
            (state) => state.finished || (state.idle && !state.buffer.length && !state.window),
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
