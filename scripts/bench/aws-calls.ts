/**
 * Counts the AWS API calls a process makes, by watching Node's HTTP client (`ClientRequest.end`,
 * where the SDK hands over each request body): the SDK clients of the functions and of the local
 * event source mapping speak plain HTTP to the local emulators, so every request is one billable
 * call in AWS. DynamoDB reads are billed from the items answered; writes from the table's stream
 * records (`billWrites`), which hold every changed item before and after the change, so an update
 * is billed on the whole item and an index key change as the delete and put it is.
 */
import { ClientRequest, type IncomingMessage } from 'node:http';
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { type AttributeValue, itemSize } from './item-size';
import { type BilledIndex, billItemWrite } from './write-billing';

export type AwsService = 'dynamodb' | 'sqs' | 'eventbridge';

export interface ServiceCalls {
  /** Calls by operation name (`TransactWriteItems`, `SendMessageBatch`, …). */
  readonly operations: Record<string, number>;
  /** DynamoDB write request units on the table and in its indexes (see write-billing.ts). */
  writeUnits: number;
  /** The part of writeUnits spent on global secondary indexes. */
  indexWriteUnits: number;
  /** DynamoDB read request units (strongly consistent: 1 per 4 KB per item, queries per 4 KB read). */
  readUnits: number;
  /** SQS requests as billed: each started 64 KB of a SendMessageBatch payload is one request. */
  sqsChunks: number;
  /** EventBridge entries put (PutEvents bills per 64 KB entry). */
  eventEntries: number;
}

const KB = 1024;

type Item = Record<string, AttributeValue>;

/** One item a write request changes, waiting for its stream record to be billed. */
interface WrittenItem {
  readonly key: string;
  readonly transactional: boolean;
  /** Units estimated from the request alone: billed when the write fails or changes nothing. */
  readonly estimate: number;
}

/** The identity of an item: its table key values. */
const keyOf = (key: Item): string => `${JSON.stringify(key.PK)}|${JSON.stringify(key.SK)}`;

/** An estimate from the request: its key and the values it sets (the stored item is not seen). */
const estimatedUnits = (item: Item, transactional: boolean): number =>
  Math.max(1, Math.ceil(itemSize(item) / KB)) * (transactional ? 2 : 1);

const requestedItem = (change: Record<string, unknown>): Item => ({
  ...(change.Key as Item),
  ...((change.Item as Item | undefined) ?? {}),
  ...((change.ExpressionAttributeValues as Item | undefined) ?? {}),
});

/** The items a write request changes, with how each is billed. */
const writtenItems = (operation: string, body: Record<string, unknown>): WrittenItem[] => {
  const one = (change: Record<string, unknown>, transactional: boolean): WrittenItem => {
    const item = requestedItem(change);
    return { key: keyOf(item), transactional, estimate: estimatedUnits(item, transactional) };
  };
  switch (operation) {
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [one(body, false)];
    case 'BatchWriteItem':
      return Object.values(body.RequestItems as Record<string, Record<string, unknown>[]>)
        .flat()
        .map((request) => {
          const put = request.PutRequest as { Item: Item } | undefined;
          const remove = request.DeleteRequest as { Key: Item } | undefined;
          return one(put ? { Item: put.Item } : { Key: remove?.Key }, false);
        });
    case 'TransactWriteItems':
      return (body.TransactItems as Record<string, Record<string, unknown>>[]).map((entry) =>
        // A ConditionCheck writes nothing but is billed as a transactional write of the item.
        one(entry.Put ?? entry.Update ?? entry.Delete ?? entry.ConditionCheck ?? {}, true),
      );
    default:
      return [];
  }
};

/** Eventually consistent reads cost half, transactional reads twice, a strongly consistent one. */
const readFactor = (operation: string, body: Record<string, unknown>): number => {
  if (operation === 'TransactGetItems') return 2;
  return body.ConsistentRead === true ? 1 : 0.5;
};

/**
 * Read units of one answered read request: 1 per started 4 KB, by consistency; a key read that
 * finds no item still costs the minimum, as AWS bills it ("If you perform a read operation on an
 * item that does not exist, DynamoDB still consumes read throughput"), and BatchGetItem as a
 * GetItem per key ("DynamoDB processes each item in the batch as an individual GetItem request").
 */
export const dynamoDbReadUnits = (
  operation: string,
  request: Record<string, unknown>,
  response: Record<string, unknown>,
): number => {
  const units = (bytes: number) => Math.max(1, Math.ceil(bytes / (4 * KB)));
  const factor = readFactor(operation, request);
  switch (operation) {
    case 'GetItem': {
      const item = response.Item as Item | undefined;
      return units(item ? itemSize(item) : 0) * factor;
    }
    case 'Query':
    case 'Scan': {
      const items = (response.Items as Item[] | undefined) ?? [];
      return units(items.reduce((sum, item) => sum + itemSize(item), 0)) * factor;
    }
    case 'BatchGetItem': {
      // Consistency is asked per table; keys DynamoDB left unprocessed were not read.
      const requested = (request.RequestItems ?? {}) as Record<
        string,
        { Keys?: unknown[]; ConsistentRead?: boolean }
      >;
      const answered = (response.Responses ?? {}) as Record<string, Item[]>;
      const unprocessed = (response.UnprocessedKeys ?? {}) as Record<string, { Keys?: unknown[] }>;
      return Object.entries(requested).reduce((sum, [table, asked]) => {
        const items = answered[table] ?? [];
        const read = (asked.Keys?.length ?? 0) - (unprocessed[table]?.Keys?.length ?? 0);
        const found = items.reduce((total, item) => total + units(itemSize(item)), 0);
        const missing = Math.max(0, read - items.length);
        return sum + (found + missing) * (asked.ConsistentRead === true ? 1 : 0.5);
      }, 0);
    }
    case 'TransactGetItems': {
      const answered = ((response.Responses as { Item?: Item }[] | undefined) ?? []).map(
        (entry) => entry.Item ?? {},
      );
      return answered.reduce((sum, item) => sum + units(itemSize(item)) * factor, 0);
    }
    default:
      return 0;
  }
};

const emptyCalls = (): ServiceCalls => ({
  operations: {},
  writeUnits: 0,
  indexWriteUnits: 0,
  readUnits: 0,
  sqsChunks: 0,
  eventEntries: 0,
});

/** Collects a stream's bytes without adding listeners (which would change how the SDK reads it). */
const tapEmitted = (
  emitter: { emit: (event: string | symbol, ...args: unknown[]) => boolean },
  onData: (chunk: Buffer) => void,
  onEnd: () => void,
) => {
  const emit = emitter.emit.bind(emitter);
  emitter.emit = (event, ...args) => {
    if (event === 'data' && Buffer.isBuffer(args[0])) onData(args[0]);
    if (event === 'end') onEnd();
    return emit(event, ...args);
  };
};

const parseJson = (text: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Watches every HTTP request this process sends to the given endpoints (origin per service) from
 * `start()` until `stop()`. Requests made with `fetch` (undici) are not seen: a load driver that
 * uses fetch is not counted.
 */
export class AwsCallCounter {
  readonly services: Record<AwsService, ServiceCalls> = {
    dynamodb: emptyCalls(),
    sqs: emptyCalls(),
    eventbridge: emptyCalls(),
  };
  private readonly byHost: Map<string, AwsService>;
  /** Successful writes by item, in the order they were answered, until billWrites sees them. */
  private readonly unbilled = new Map<string, WrittenItem[]>();
  private originalEnd: ClientRequest['end'] | undefined;

  constructor(endpoints: Readonly<Record<AwsService, string>>) {
    this.byHost = new Map(
      (Object.entries(endpoints) as [AwsService, string][]).map(([service, url]) => [
        new URL(url).host,
        service,
      ]),
    );
  }

  start(): void {
    if (this.originalEnd) return;
    const originalEnd = ClientRequest.prototype.end;
    this.originalEnd = originalEnd;
    const counter = this;
    ClientRequest.prototype.end = function end(this: ClientRequest, ...args: unknown[]) {
      counter.observe(this, args[0]);
      return (originalEnd as (...rest: unknown[]) => ClientRequest).apply(this, args);
    } as ClientRequest['end'];
  }

  stop(): void {
    if (!this.originalEnd) return;
    ClientRequest.prototype.end = this.originalEnd;
    this.originalEnd = undefined;
  }

  /** Calls of every service and operation, e.g. `{ "sqs.SendMessageBatch": 2000 }`. */
  totals(): Record<string, number> {
    const totals: Record<string, number> = {};
    for (const [service, calls] of Object.entries(this.services)) {
      for (const [operation, count] of Object.entries(calls.operations)) {
        totals[`${service}.${operation}`] = count;
      }
    }
    return totals;
  }

  private observe(request: ClientRequest, chunk: unknown): void {
    const service = this.byHost.get(String(request.getHeader('host') ?? ''));
    if (!service) return;
    const target = String(request.getHeader('x-amz-target') ?? '');
    // Lambda's reads of a table's stream for an event source mapping are free.
    if (target.startsWith('DynamoDBStreams_')) return;
    const operation = target.slice(target.lastIndexOf('.') + 1) || request.method;
    const calls = this.services[service];
    calls.operations[operation] = (calls.operations[operation] ?? 0) + 1;
    const body =
      typeof chunk === 'string' || chunk instanceof Uint8Array
        ? parseJson(Buffer.from(chunk).toString('utf8'))
        : undefined;
    if (body) this.countRequest(service, operation, body);
    if (service !== 'dynamodb' || !body) return;
    const written = writtenItems(operation, body);
    request.once('response', (response: IncomingMessage) => {
      const received: Buffer[] = [];
      tapEmitted(
        response as unknown as Parameters<typeof tapEmitted>[0],
        (data) => received.push(data),
        () => {
          if (response.statusCode === 200) {
            for (const item of written) {
              const queue = this.unbilled.get(item.key) ?? [];
              queue.push(item);
              this.unbilled.set(item.key, queue);
            }
          } else {
            // A failed conditional write or a cancelled transaction is billed all the same.
            calls.writeUnits += written.reduce((sum, item) => sum + item.estimate, 0);
          }
          const answer = parseJson(Buffer.concat(received).toString('utf8'));
          if (answer) calls.readUnits += dynamoDbReadUnits(operation, body, answer);
        },
      );
    });
  }

  /**
   * Bills every successful write from the table's stream records (the item before and after each
   * change, in order per item): TTL deletions are free; a write that changed nothing leaves no
   * record and is billed from its request.
   */
  billWrites(records: readonly StreamRecord[], indexes: readonly BilledIndex[]): void {
    const calls = this.services.dynamodb;
    for (const record of records) {
      if (record.userIdentity?.PrincipalId === 'dynamodb.amazonaws.com') continue;
      const change = record.dynamodb ?? {};
      const key = keyOf(change.Keys as unknown as Item);
      const written = this.unbilled.get(key)?.shift();
      const bill = billItemWrite(
        {
          before: change.OldImage as unknown as Item | undefined,
          after: change.NewImage as unknown as Item | undefined,
          transactional: written?.transactional ?? false,
        },
        indexes,
      );
      calls.writeUnits += bill.table + bill.indexes;
      calls.indexWriteUnits += bill.indexes;
    }
    for (const queue of this.unbilled.values()) {
      calls.writeUnits += queue.reduce((sum, item) => sum + item.estimate, 0);
    }
    this.unbilled.clear();
  }

  private countRequest(service: AwsService, operation: string, body: Record<string, unknown>) {
    const calls = this.services[service];
    if (service === 'sqs' && operation === 'SendMessageBatch') {
      const entries = (body.Entries as { MessageBody?: string }[] | undefined) ?? [];
      const bytes = entries.reduce(
        (sum, entry) => sum + Buffer.byteLength(entry.MessageBody ?? ''),
        0,
      );
      calls.sqsChunks += Math.max(1, Math.ceil(bytes / (64 * KB)));
    }
    if (service === 'eventbridge' && operation === 'PutEvents') {
      calls.eventEntries += ((body.Entries as unknown[] | undefined) ?? []).length;
    }
  }
}
