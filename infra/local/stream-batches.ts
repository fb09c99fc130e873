/**
 * How Lambda's event source mapping for a DynamoDB stream decides what to do after invoking the
 * function with a batch, as the Lambda developer guide documents it ("Configuring partial batch
 * response with DynamoDB and Lambda", "Error handling" for stream event sources). Pure, so the
 * documented rules are tested one by one; infra/local/stream-poller.ts applies them to a shard.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';

/** The mapping's error-handling settings (the CreateEventSourceMapping parameters of that name). */
export interface StreamErrorHandling {
  /** FunctionResponseTypes includes ReportBatchItemFailures. */
  readonly reportBatchItemFailures: boolean;
  readonly bisectBatchOnFunctionError: boolean;
  /** -1: retried until the record expires from the stream. */
  readonly maximumRetryAttempts: number;
}

export type BatchOutcome =
  | { readonly response: DynamoDBBatchResponse | undefined | null }
  | { readonly error: unknown };

/**
 * What happens next to a batch:
 * - `done`: checkpoint after the batch;
 * - `retry`: `done` records are checkpointed, `retry` is invoked again (`countsAsRetry` is false
 *   for a bisection, which "does not count towards the retry quota");
 * - `split`: a failed batch bisected into two halves, the first invoked first;
 * - `discard`: retries are exhausted; the records go to the on-failure destination.
 */
export type BatchDecision =
  | { readonly kind: 'done' }
  | {
      readonly kind: 'retry';
      readonly done: readonly DynamoDBRecord[];
      readonly retry: readonly DynamoDBRecord[];
      readonly countsAsRetry: boolean;
    }
  | { readonly kind: 'split'; readonly halves: readonly [DynamoDBRecord[], DynamoDBRecord[]] }
  | { readonly kind: 'discard'; readonly records: readonly DynamoDBRecord[] };

const sequenceOf = (record: DynamoDBRecord): string => record.dynamodb?.SequenceNumber ?? '';

/** Sequence numbers are decimal strings of varying length: compare them as numbers. */
export const compareSequenceNumbers = (left: string, right: string): number =>
  left.length === right.length ? left.localeCompare(right) : left.length - right.length;

/**
 * The records a partial batch response asks to retry: from the failed record with the lowest
 * sequence number on. Undefined when the response counts as a complete failure (an empty, null or
 * unknown itemIdentifier); an empty list when it counts as a complete success.
 */
export const recordsToRetry = (
  batch: readonly DynamoDBRecord[],
  response: DynamoDBBatchResponse | undefined | null,
): readonly DynamoDBRecord[] | undefined => {
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return [];
  const known = new Set(batch.map(sequenceOf));
  const identifiers = failures.map((failure) => failure?.itemIdentifier);
  if (identifiers.some((id) => typeof id !== 'string' || id === '' || !known.has(id))) {
    return undefined;
  }
  const lowest = (identifiers as string[]).sort(compareSequenceNumbers)[0] ?? '';
  return batch.slice(batch.findIndex((record) => sequenceOf(record) === lowest));
};

/** Decides a batch's fate from the function's outcome and the retries already spent on it. */
export const decideBatch = (
  batch: readonly DynamoDBRecord[],
  outcome: BatchOutcome,
  retriesSoFar: number,
  settings: StreamErrorHandling,
): BatchDecision => {
  const failed: readonly DynamoDBRecord[] | undefined =
    'error' in outcome
      ? undefined
      : settings.reportBatchItemFailures
        ? recordsToRetry(batch, outcome.response)
        : [];
  if (failed?.length === 0) return { kind: 'done' };
  const retry = failed ?? batch;
  const done = batch.slice(0, batch.length - retry.length);
  // A partial response with bisection on splits at the failed record: only the rest is retried.
  if (failed === undefined && settings.bisectBatchOnFunctionError && batch.length > 1) {
    const middle = Math.ceil(batch.length / 2);
    return { kind: 'split', halves: [batch.slice(0, middle), batch.slice(middle)] };
  }
  const exhausted =
    settings.maximumRetryAttempts >= 0 && retriesSoFar >= settings.maximumRetryAttempts;
  if (exhausted) return { kind: 'discard', records: retry };
  return { kind: 'retry', done, retry, countsAsRetry: true };
};
