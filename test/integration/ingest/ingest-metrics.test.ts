import { createIngestHandler } from '../../../functions/ingest';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../../shared/contracts/metrics';
import { captureEmf, type EmfCapture } from '../../support/emf';
import { startTestQueues, type TestQueues, testRuntimeContext } from '../../support/emulators';
import {
  fixture,
  signedWebhook,
  TEST_SECRETS,
  webhookEvent,
  xHeaders,
} from '../../support/signed-webhooks';

let queues: TestQueues;
let ingest: ReturnType<typeof createIngestHandler>;
let emf: EmfCapture;
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
  emf = captureEmf();
  stderr = [];
  const write = process.stderr.write.bind(process.stderr);
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk, ...rest) => {
    stderr.push(String(chunk));
    return write(chunk, ...(rest as []));
  });
});
afterEach(() => {
  emf.restore();
  jest.restoreAllMocks();
});

/** Each document as `{ source, metric: value, … }`, with what CloudWatch would read from it. */
const published = () =>
  emf.documents().map((document) => {
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
      emf
        .lines()
        .concat(stderr.flatMap((chunk) => chunk.split('\n')))
        .filter((line) => /already been added/.test(line)),
    ).toEqual([]);
  });
});
