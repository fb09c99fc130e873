/**
 * The event source mapping's decisions after a batch, from the Lambda developer guide
 * ("Configuring partial batch response with DynamoDB and Lambda": success and failure conditions,
 * lowest sequence number as checkpoint, bisecting; "Error handling": retries, discarding), on the
 * guide's own example stream records.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import {
  compareSequenceNumbers,
  decideBatch,
  recordsToRetry,
  type StreamErrorHandling,
} from '../../../infra/local/stream-batches';
import example from '../../fixtures/dynamodb-streams/lambda-example-event.json';

const records = example.Records as DynamoDBRecord[];
const sequences = (list: readonly DynamoDBRecord[]) =>
  list.map((record) => record.dynamodb?.SequenceNumber);

const settings: StreamErrorHandling = {
  reportBatchItemFailures: true,
  bisectBatchOnFunctionError: false,
  maximumRetryAttempts: 2,
};

describe('recordsToRetry', () => {
  it('treats an empty or null failure list and an empty or null response as complete success', () => {
    expect(recordsToRetry(records, { batchItemFailures: [] })).toEqual([]);
    expect(
      recordsToRetry(records, { batchItemFailures: null } as unknown as { batchItemFailures: [] }),
    ).toEqual([]);
    expect(recordsToRetry(records, {} as { batchItemFailures: [] })).toEqual([]);
    expect(recordsToRetry(records, undefined)).toEqual([]);
    expect(recordsToRetry(records, null)).toEqual([]);
  });

  it('retries from the failed record with the lowest sequence number on', () => {
    const retry = recordsToRetry(records, {
      batchItemFailures: [{ itemIdentifier: '333' }, { itemIdentifier: '222' }],
    });
    expect(sequences(retry ?? [])).toEqual(['222', '333']);
  });

  it('treats an empty, null or unknown itemIdentifier as a complete failure', () => {
    for (const itemIdentifier of ['', null, '999']) {
      expect(
        recordsToRetry(records, {
          batchItemFailures: [{ itemIdentifier: itemIdentifier as string }],
        }),
      ).toBeUndefined();
    }
  });
});

describe('compareSequenceNumbers', () => {
  it('orders sequence numbers of different lengths as numbers', () => {
    expect(compareSequenceNumbers('999', '1000')).toBeLessThan(0);
    expect(compareSequenceNumbers('222', '111')).toBeGreaterThan(0);
    expect(compareSequenceNumbers('111', '111')).toBe(0);
  });
});

describe('decideBatch', () => {
  it('checkpoints the whole batch when the function succeeds', () => {
    expect(decideBatch(records, { response: undefined }, 0, settings)).toEqual({ kind: 'done' });
  });

  it('checkpoints before the lowest failed record and retries the rest', () => {
    const decision = decideBatch(
      records,
      { response: { batchItemFailures: [{ itemIdentifier: '222' }] } },
      0,
      settings,
    );
    expect(decision.kind).toBe('retry');
    if (decision.kind !== 'retry') return;
    expect(sequences(decision.done)).toEqual(['111']);
    expect(sequences(decision.retry)).toEqual(['222', '333']);
    expect(decision.countsAsRetry).toBe(true);
  });

  it('ignores a partial response when ReportBatchItemFailures is off', () => {
    const decision = decideBatch(
      records,
      { response: { batchItemFailures: [{ itemIdentifier: '222' }] } },
      0,
      { ...settings, reportBatchItemFailures: false },
    );
    expect(decision).toEqual({ kind: 'done' });
  });

  it('retries the whole batch when the function throws', () => {
    const decision = decideBatch(records, { error: new Error('boom') }, 0, settings);
    expect(decision.kind).toBe('retry');
    if (decision.kind === 'retry') expect(sequences(decision.retry)).toEqual(['111', '222', '333']);
  });

  it('bisects a failed batch without spending a retry, down to single records', () => {
    const bisecting = { ...settings, bisectBatchOnFunctionError: true };
    const decision = decideBatch(records, { error: new Error('boom') }, 0, bisecting);
    expect(decision.kind).toBe('split');
    if (decision.kind !== 'split') return;
    expect(decision.halves.map(sequences)).toEqual([['111', '222'], ['333']]);
    expect(decideBatch(records.slice(2), { error: new Error('boom') }, 0, bisecting).kind).toBe(
      'retry',
    );
  });

  it('discards the failing records once the retries are spent', () => {
    const decision = decideBatch(
      records,
      { response: { batchItemFailures: [{ itemIdentifier: '333' }] } },
      2,
      settings,
    );
    expect(decision.kind).toBe('discard');
    if (decision.kind === 'discard') expect(sequences(decision.records)).toEqual(['333']);
  });

  it('retries forever with MaximumRetryAttempts -1', () => {
    const decision = decideBatch(records, { error: new Error('boom') }, 10_000, {
      ...settings,
      maximumRetryAttempts: -1,
    });
    expect(decision.kind).toBe('retry');
  });
});
