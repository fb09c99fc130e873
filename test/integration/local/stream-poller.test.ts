/**
 * The DynamoDB Streams event source mapping stand-in against DynamoDB Local's real stream: the
 * record format of the Lambda developer guide's example event, order per item, at-least-once
 * delivery with retries, partial batch responses and discarding after MaximumRetryAttempts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeTableCommand,
  PutItemCommand,
  type AttributeValue as SdkAttributeValue,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { localStreamsClient } from '../../../infra/local/dynamodb';
import {
  type DiscardedBatch,
  type StreamPoller,
  type StreamPollerOptions,
  startStreamPoller,
} from '../../../infra/local/stream-poller';
import example from '../../fixtures/dynamodb-streams/lambda-example-event.json';
import { createTestTable, type TestTable } from '../../support/emulators';

const eventually = async (accept: () => boolean, what: string) => {
  const deadline = Date.now() + 15_000;
  while (!accept()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
};

describe('startStreamPoller', () => {
  let table: TestTable;
  let poller: StreamPoller | undefined;
  let streamArn: string;
  const streams = localStreamsClient(process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '');

  beforeEach(async () => {
    table = await createTestTable();
    const { Table } = await table.client.send(
      new DescribeTableCommand({ TableName: table.tableName }),
    );
    streamArn = Table?.LatestStreamArn ?? '';
  });
  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
    await table.delete();
  });
  afterAll(() => streams.destroy());

  const start = (
    handler: StreamPollerOptions['handler'],
    settings: Partial<StreamPollerOptions> = {},
  ) => {
    poller = startStreamPoller({
      client: streams,
      streamArn,
      handler,
      batchSize: 100,
      maxBatchingWindowSeconds: 0,
      startingPosition: 'TRIM_HORIZON',
      reportBatchItemFailures: true,
      bisectBatchOnFunctionError: false,
      maximumRetryAttempts: -1,
      pollIntervalMs: 50,
      ...settings,
    });
  };

  const put = (id: string, value: number) =>
    table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: { PK: { S: id }, SK: { S: 'ITEM' }, value: { N: String(value) } },
      }),
    );
  const update = (id: string, value: number) =>
    table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: { PK: { S: id }, SK: { S: 'ITEM' } },
        UpdateExpression: 'SET #value = :value',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':value': { N: String(value) } },
      }),
    );
  const newValueOf = (record: DynamoDBRecord) => Number(record.dynamodb?.NewImage?.value?.N);

  it('hands the function records shaped as in the documented example event', async () => {
    const seen: DynamoDBRecord[] = [];
    start(async (event) => {
      seen.push(...event.Records);
    });
    await put('a', 1);
    await update('a', 2);
    await eventually(() => seen.length === 2, 'two records');
    const documented = example.Records[1] as Record<string, unknown>;
    const [inserted, modified] = seen;
    for (const field of Object.keys(documented)) expect(modified).toHaveProperty(field);
    for (const field of Object.keys(example.Records[1]?.dynamodb ?? {})) {
      expect(modified?.dynamodb).toHaveProperty(field);
    }
    expect(inserted?.eventName).toBe('INSERT');
    expect(modified?.eventName).toBe('MODIFY');
    expect(modified?.eventSourceARN).toBe(streamArn);
    expect(typeof modified?.dynamodb?.ApproximateCreationDateTime).toBe('number');
    expect(modified?.dynamodb?.OldImage?.value).toEqual({ N: '1' });
    expect(modified?.dynamodb?.NewImage?.value).toEqual({ N: '2' });
  });

  it('hands every attribute type in the JSON form of the DynamoDB API, empty maps included', async () => {
    const seen: DynamoDBRecord[] = [];
    start(async (event) => {
      seen.push(...event.Records);
    });
    // One value of each type of the AttributeValue reference, as the low-level JSON API writes it.
    const item = {
      PK: { S: 'all-types' },
      SK: { S: 'ITEM' },
      text: { S: '' },
      number: { N: '1.5' },
      binary: { B: 'AQID' },
      strings: { SS: ['x', 'y'] },
      numbers: { NS: ['1', '2'] },
      binaries: { BS: ['BA=='] },
      yes: { BOOL: true },
      no: { BOOL: false },
      nothing: { NULL: true },
      emptyList: { L: [] },
      emptyMap: { M: {} },
      nested: { M: { inner: { M: {} }, list: { L: [{ M: {} }, { S: 'q' }] } } },
    };
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: {
          ...item,
          binary: { B: Buffer.from(item.binary.B, 'base64') },
          binaries: { BS: item.binaries.BS.map((bytes) => Buffer.from(bytes, 'base64')) },
        },
      }),
    );
    await eventually(() => seen.length === 1, 'the record');
    expect(seen[0]?.dynamodb?.NewImage).toEqual(item);
    expect(unmarshall(seen[0]?.dynamodb?.NewImage as Record<string, SdkAttributeValue>)).toEqual(
      expect.objectContaining({ emptyMap: {}, nested: { inner: {}, list: [{}, 'q'] } }),
    );
  });

  it('delivers the changes of an item in order, again after a failed invocation', async () => {
    const values: number[] = [];
    let failures = 1;
    start(
      async (event) => {
        if (failures-- > 0) throw new Error('the function failed');
        values.push(...event.Records.map(newValueOf));
      },
      { batchSize: 3 },
    );
    await put('a', 1);
    for (let value = 2; value <= 8; value++) await update('a', value);
    await eventually(() => values.length >= 8, 'eight values');
    expect(values).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('retries from the lowest failed record of a partial batch response', async () => {
    const invocations: number[][] = [];
    let failOnce = true;
    await put('a', 1);
    for (let value = 2; value <= 4; value++) await update('a', value);
    // Written before the mapping starts at the trim horizon: the first batch holds all four.
    start(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
      invocations.push(event.Records.map(newValueOf));
      const third = event.Records[2];
      if (failOnce && third) {
        failOnce = false;
        return { batchItemFailures: [{ itemIdentifier: third.dynamodb?.SequenceNumber ?? '' }] };
      }
      return { batchItemFailures: [] };
    });
    await eventually(() => invocations.flat().includes(4) && !failOnce, 'the retry');
    await poller?.drained();
    expect(invocations).toEqual([
      [1, 2, 3, 4],
      [3, 4],
    ]);
  });

  it('sends records that keep failing to the on-failure destination and moves on', async () => {
    const discarded: DiscardedBatch[] = [];
    const handled: number[] = [];
    start(
      async (event) => {
        const values = event.Records.map(newValueOf);
        if (values.includes(2)) throw new Error('poison');
        handled.push(...values);
      },
      {
        batchSize: 1,
        maximumRetryAttempts: 2,
        bisectBatchOnFunctionError: true,
        onDiscarded: (batch) => discarded.push(batch),
      },
    );
    await put('a', 1);
    await update('a', 2);
    await update('a', 3);
    await eventually(() => handled.includes(3), 'the record after the poison one');
    expect(handled).toEqual([1, 3]);
    expect(discarded).toEqual([
      expect.objectContaining({ batchSize: 1, streamArn, shardId: expect.any(String) }),
    ]);
  });

  it("carries a tumbling window's state between invocations and ends the window with a final one", async () => {
    const seen: Parameters<StreamPollerOptions['handler']>[0][] = [];
    let withoutState = 1;
    start(
      async (event) => {
        seen.push(event);
        // An answer without state is a failed invocation: the same records come again.
        if (event.Records.length > 0 && withoutState-- > 0) return { batchItemFailures: [] };
        const sum =
          Number(event.state?.sum ?? 0) + event.Records.map(newValueOf).reduce((a, b) => a + b, 0);
        return { state: { sum }, batchItemFailures: [] };
      },
      { batchSize: 2, tumblingWindowSeconds: 1 },
    );
    await put('a', 1);
    await update('a', 2);
    await update('a', 3);
    await poller?.drained();
    const finals = seen.filter((event) => event.isFinalInvokeForWindow);
    expect(finals.length).toBeGreaterThanOrEqual(1);
    const summed = finals.reduce((total, event) => total + Number(event.state?.sum ?? 0), 0);
    expect(summed).toBe(6);
    for (const event of seen) {
      expect(event).toMatchObject({
        shardId: expect.any(String),
        eventSourceARN: streamArn,
        isWindowTerminatedEarly: false,
        window: { start: expect.any(String), end: expect.any(String) },
      });
      const { start: from, end: to } = event.window ?? { start: '', end: '' };
      expect(Date.parse(to) - Date.parse(from)).toBe(1000);
      for (const record of event.Records) {
        const at = (record.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000;
        expect(at).toBeGreaterThanOrEqual(Date.parse(from));
        expect(at).toBeLessThan(Date.parse(to));
      }
    }
    expect(finals.every((event) => event.Records.length === 0)).toBe(true);
    expect(seen[0]?.state).toEqual({});
  });
});
