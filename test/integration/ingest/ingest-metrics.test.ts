import { createIngestHandler } from '../../../functions/ingest';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../../shared/runtime/metrics';
import { startTestQueues, type TestQueues, testRuntimeContext } from '../../support/emulators';
import {
  fixture,
  signedWebhook,
  TEST_SECRETS,
  webhookEvent,
  xHeaders,
} from '../../unit/platforms/signed-webhooks';

/** One CloudWatch embedded metric format document as Powertools Metrics prints it. */
interface EmfDocument {
  readonly _aws: {
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
    }[];
  };
  readonly [key: string]: unknown;
}

let queues: TestQueues;
let ingest: ReturnType<typeof createIngestHandler>;
let stdout: string[];
let stderr: string[];

beforeAll(async () => {
  queues = await startTestQueues();
  ingest = createIngestHandler(
    testRuntimeContext({
      table: { tableName: 'not-used-by-ingest' },
      queues,
      secrets: TEST_SECRETS,
    }),
  );
});
afterAll(async () => queues.stop());

beforeEach(() => {
  stdout = [];
  stderr = [];
  const capture = (stream: NodeJS.WriteStream, into: string[]) => {
    const write = stream.write.bind(stream);
    jest.spyOn(stream, 'write').mockImplementation((chunk, ...rest) => {
      into.push(String(chunk));
      return write(chunk, ...(rest as []));
    });
  };
  capture(process.stdout, stdout);
  capture(process.stderr, stderr);
});
afterEach(() => jest.restoreAllMocks());

const lines = (chunks: string[]) => chunks.flatMap((chunk) => chunk.split('\n'));

const emfDocuments = (): EmfDocument[] =>
  lines(stdout)
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfDocument);

/** Each document as `{ source, metric: value, … }`, with what CloudWatch would read from it. */
const published = () =>
  emfDocuments().map((document) => {
    const [directive] = document._aws.CloudWatchMetrics;
    expect(directive?.Namespace).toBe(METRICS_NAMESPACE);
    expect(directive?.Dimensions).toEqual([['service', 'source']]);
    expect(document.service).toBe(METRICS_SERVICE);
    return Object.fromEntries([
      ['source', document.source],
      ...(directive?.Metrics ?? []).map((metric) => [metric.Name, document[metric.Name]]),
    ]);
  });

describe('createIngestHandler metrics', () => {
  it('publishes one document per request with its source, leaving zero counts out, when requests run concurrently', async () => {
    const forged = fixture('x', 'tweet-mention.json');
    const answers = await Promise.all([
      ingest(signedWebhook('x', fixture('x', 'brand-reply.json'))),
      ingest(signedWebhook('meta', fixture('meta', 'messenger.json'))),
      ingest(signedWebhook('x', fixture('x', 'tweet-mention.json'))),
      ingest(webhookEvent({ source: 'x', body: forged, headers: xHeaders(forged, 'wrong') })),
      ingest(webhookEvent({ source: 'tiktok', body: '{}' })),
    ]);

    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 401, 404]);
    expect(published()).toEqual(
      expect.arrayContaining([
        { source: 'x', MentionsReceived: 1, EventsIgnored: 2 },
        { source: 'meta', MentionsReceived: 3, EventsIgnored: 1 },
        { source: 'x', MentionsReceived: 1 },
        { source: 'x', WebhooksRejected: 1 },
        { source: 'unknown', WebhooksRejected: 1 },
      ]),
    );
    expect(published()).toHaveLength(5);
    expect(
      lines(stdout)
        .concat(lines(stderr))
        .filter((line) => /already been added/.test(line)),
    ).toEqual([]);
  });
});
