/**
 * Counts the AWS API calls a process makes, by watching Node's HTTP client (`ClientRequest.end`,
 * where the SDK hands over each request body): the SDK clients of the functions and of the local
 * event source mapping speak plain HTTP to the local emulators, so every request is one billable
 * call in AWS. For DynamoDB it also sizes the items written and read, to estimate on-demand
 * request units.
 */
import { ClientRequest, type IncomingMessage } from 'node:http';

export type AwsService = 'dynamodb' | 'sqs' | 'eventbridge';

export interface ServiceCalls {
  /** Calls by operation name (`TransactWriteItems`, `SendMessageBatch`, …). */
  readonly operations: Record<string, number>;
  /** DynamoDB write request units (transactional writes count twice, index writes once more). */
  writeUnits: number;
  /** DynamoDB read request units (strongly consistent: 1 per 4 KB per item, queries per 4 KB read). */
  readUnits: number;
  /** SQS requests as billed: each started 64 KB of a SendMessageBatch payload is one request. */
  sqsChunks: number;
  /** EventBridge entries put (PutEvents bills per 64 KB entry). */
  eventEntries: number;
}

type AttributeValue = Record<string, unknown>;

const KB = 1024;
/** Attributes that put an item into a GSI (see shared/adapters/dynamodb/table-keys.ts). */
const INDEX_KEYS = [
  ['slaShard', 'slaDueAt'],
  ['statusKey', 'statusSort'],
] as const;

/** The stored size of a DynamoDB JSON value, as DynamoDB measures it (names + values). */
const valueSize = (value: AttributeValue): number => {
  const [type, inner] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(inner));
    case 'N':
      return Math.ceil(String(inner).replace(/^-|\./g, '').length / 2) + 1;
    case 'B':
      return Math.floor((String(inner).length * 3) / 4);
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'M':
      return 3 + itemSize(inner as Record<string, AttributeValue>);
    case 'L':
      return 3 + (inner as AttributeValue[]).reduce((sum, entry) => sum + 1 + valueSize(entry), 0);
    case 'SS':
    case 'NS':
      return (inner as string[]).reduce((sum, entry) => sum + Buffer.byteLength(entry), 0);
    default:
      return 0;
  }
};

/** Bytes of an item: every attribute name plus its value. */
export const itemSize = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value),
    0,
  );

const indexCount = (item: Record<string, AttributeValue>): number =>
  INDEX_KEYS.filter((names) => names.every((name) => name in item)).length;

/** Units of one written item: per started KB, twice inside a transaction, once more per index it is in. */
const writeUnitsOf = (item: Record<string, AttributeValue>, transactional: boolean): number => {
  const units = Math.max(1, Math.ceil(itemSize(item) / KB));
  return units * (transactional ? 2 : 1) + units * indexCount(item);
};

/** An update's written item: its key and the values it sets (the rest of the item is not seen). */
const updatedItem = (update: Record<string, unknown>): Record<string, AttributeValue> => ({
  ...(update.Key as Record<string, AttributeValue>),
  ...((update.ExpressionAttributeValues as Record<string, AttributeValue> | undefined) ?? {}),
});

const dynamoDbWriteUnits = (operation: string, body: Record<string, unknown>): number => {
  switch (operation) {
    case 'PutItem':
      return writeUnitsOf(body.Item as Record<string, AttributeValue>, false);
    case 'UpdateItem':
    case 'DeleteItem':
      return writeUnitsOf(updatedItem(body), false);
    case 'TransactWriteItems':
      return (body.TransactItems as Record<string, Record<string, unknown>>[]).reduce(
        (sum, entry) => {
          if (entry.Put)
            return sum + writeUnitsOf(entry.Put.Item as Record<string, AttributeValue>, true);
          const change = entry.Update ?? entry.Delete;
          if (change) return sum + writeUnitsOf(updatedItem(change), true);
          return sum + 2; // ConditionCheck: charged as a transactional read-write of a small item
        },
        0,
      );
    default:
      return 0;
  }
};

const dynamoDbReadUnits = (operation: string, response: Record<string, unknown>): number => {
  const units = (bytes: number) => Math.max(1, Math.ceil(bytes / (4 * KB)));
  switch (operation) {
    case 'GetItem': {
      const item = response.Item as Record<string, AttributeValue> | undefined;
      return units(item ? itemSize(item) : 0);
    }
    case 'Query':
    case 'Scan': {
      const items = (response.Items as Record<string, AttributeValue>[] | undefined) ?? [];
      return units(items.reduce((sum, item) => sum + itemSize(item), 0));
    }
    default:
      return 0;
  }
};

const emptyCalls = (): ServiceCalls => ({
  operations: {},
  writeUnits: 0,
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
    const operation = target.slice(target.lastIndexOf('.') + 1) || request.method;
    const calls = this.services[service];
    calls.operations[operation] = (calls.operations[operation] ?? 0) + 1;
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) {
      const body = parseJson(Buffer.from(chunk).toString('utf8'));
      if (body) this.countRequest(service, operation, body);
    }
    if (service !== 'dynamodb') return;
    request.once('response', (response: IncomingMessage) => {
      const received: Buffer[] = [];
      tapEmitted(
        response as unknown as Parameters<typeof tapEmitted>[0],
        (data) => received.push(data),
        () => {
          const answer = parseJson(Buffer.concat(received).toString('utf8'));
          if (answer) calls.readUnits += dynamoDbReadUnits(operation, answer);
        },
      );
    });
  }

  private countRequest(service: AwsService, operation: string, body: Record<string, unknown>) {
    const calls = this.services[service];
    if (service === 'dynamodb') calls.writeUnits += dynamoDbWriteUnits(operation, body);
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
