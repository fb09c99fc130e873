/**
 * A channel endpoint down, end to end on one machine: the Slack incoming webhook answers 503 to the
 * first invocation and is then unreachable. The notifier retries each invocation with backoff, the
 * bus retries the asynchronous invocation as Lambda does, the invocation ends in the notify DLQ,
 * every failed invocation is recorded on the case and counted in AlertDeliveryFailures (the metric
 * the per-channel alarm watches), and nothing reaches any other channel.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createNotifierHandler } from '../../functions/notifier';
import { LocalClock } from '../../infra/local/clock';
import { LOCAL_ACCOUNT_ID, LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/ports';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { QUEUES } from '../../infra/topology';
import { DEFAULT_RETRY_POLICY } from '../../shared/adapters/alerts/http-delivery';
import type { Case } from '../../shared/contracts/case';
import { CaseSlaWarning, NotifierInvocation } from '../../shared/contracts/events';
import { METRICS, METRICS_NAMESPACE, METRICS_SERVICE } from '../../shared/contracts/metrics';
import { captureEmf, type EmfCapture } from '../support/emf';
import { eventually } from '../support/eventually';
import { TEST_SECRETS } from '../support/signed-webhooks';
import { freshGenericHeaders } from './support';

const API_TOKEN = 'e2e-channel-down-operator';
/** Lambda's two retries of an asynchronous invocation, shortened. */
const BUS_RETRY_DELAYS_MS = [50, 100];
const INVOCATIONS = 1 + BUS_RETRY_DELAYS_MS.length;

/** A Slack incoming webhook that answers 503 to `failures` requests, then stops listening. */
const startFailingSlack = async (failures: number) => {
  const requestedAt: number[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    requestedAt.push(performance.now());
    response.writeHead(503, { 'content-type': 'text/plain' });
    response.end('service unavailable');
    if (requestedAt.length === failures) {
      server.close();
      server.closeAllConnections();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/XXXX`,
    requestedAt,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const complaint = () => ({
  type: 'mention.created',
  timestamp: new Date().toISOString(),
  data: {
    id: `gen-${randomUUID()}`,
    source: 'generic',
    text: 'The heater you installed yesterday is leaking gas, the whole flat smells of it. This is dangerous, please send someone today.',
    author: { id: 'cust-7730', name: 'Priya Raman', handle: 'priyar', followers: 540 },
    createdAt: new Date().toISOString(),
    url: 'https://community.example.com/posts/7730',
  },
});

describe('a Slack endpoint that is down', () => {
  const clock = new LocalClock({ rate: 0 });
  const invocations: { channel: string; type: string }[] = [];
  let slack: Awaited<ReturnType<typeof startFailingSlack>>;
  let runtime: LocalRuntime;
  let sqs: SQSClient;
  let emf: EmfCapture;
  let caseId = '';
  let deadLetters: NotifierInvocation[] = [];

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${runtime.url}${path}`, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    slack = await startFailingSlack(DEFAULT_RETRY_POLICY.maxAttempts);
    emf = captureEmf();
    runtime = await startLocalRuntime({
      inMemory: true,
      clock,
      env: {
        ...TEST_SECRETS,
        CASES_API_TOKEN: API_TOKEN,
        SLACK_WEBHOOK_URL: slack.url,
        RESPONDER_CONFIG: undefined,
      },
      notifyRetryDelaysMs: BUS_RETRY_DELAYS_MS,
      factories: {
        // The real notifier, watched: which invocations the bus made.
        notifier: (ctx) => {
          const notifier = createNotifierHandler(ctx);
          return async (payload) => {
            const invocation = NotifierInvocation.parse(payload);
            invocations.push({
              channel: invocation.channel,
              type: invocation.event['detail-type'],
            });
            return notifier(payload);
          };
        },
      },
    });
    sqs = new SQSClient({
      endpoint: runtime.endpoints.sqs,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });

    const body = JSON.stringify(complaint());
    const accepted = await fetch(`${runtime.url}/webhooks/generic`, {
      method: 'POST',
      headers: freshGenericHeaders(body),
      body,
    });
    expect(accepted.status).toBeLessThan(300);
    const { items } = await eventually(
      () => api<{ items: { caseId: string }[] }>('/cases'),
      (page) => page.items.length === 1,
    );
    caseId = items[0]?.caseId ?? '';

    // The SLA warning is the first step; it names Slack in the default policy.
    const opened = (await api<{ case: Case }>(`/cases/${encodeURIComponent(caseId)}`)).case;
    const dueAt = opened.sla?.next?.dueAt;
    if (!dueAt) throw new Error(`case ${caseId} has no pending SLA step`);
    clock.advance(Date.parse(dueAt) - clock.now().getTime() + 1_000);
    await eventually(
      () => invocations.length,
      (count) => count >= 1,
    );
    await runtime.events.settled();

    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: `${runtime.endpoints.sqs}/${LOCAL_ACCOUNT_ID}/${QUEUES.notifyDlq}`,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    deadLetters = Messages.map((message) => JSON.parse(message.Body ?? '{}') as NotifierInvocation);
  }, 90_000);

  afterAll(async () => {
    emf?.restore();
    sqs?.destroy();
    await runtime?.stop();
    await slack?.stop();
  }, 30_000);

  it('retries the 503 inside one invocation, waiting longer before each attempt', () => {
    expect(slack.requestedAt).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);
    const waits = slack.requestedAt
      .slice(1)
      .map((at, index) => at - (slack.requestedAt[index] ?? 0));
    // Backoff before retry n is base × 2^(n-1) with jitter of at most half of it.
    waits.forEach((waitMs, index) => {
      expect(waitMs).toBeGreaterThanOrEqual(DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** index * 0.5);
    });
  });

  it('has the bus retry the invocation after it failed, as Lambda does, and no more', () => {
    expect(invocations).toEqual(
      Array.from({ length: INVOCATIONS }, () => ({
        channel: 'slack',
        type: CaseSlaWarning.detailType,
      })),
    );
  });

  it('puts the invocation on the notify DLQ once every attempt failed', () => {
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      channel: 'slack',
      event: { 'detail-type': CaseSlaWarning.detailType, detail: { caseId, level: 0 } },
    });
  });

  it('records each failed invocation on the case timeline with its reason', async () => {
    const { timeline } = await api<{
      timeline: { type: string; detail: Record<string, unknown> }[];
    }>(`/cases/${encodeURIComponent(caseId)}`);
    const failed = timeline.filter((entry) => entry.type === 'delivery_failed');
    expect(failed).toHaveLength(INVOCATIONS);
    for (const entry of failed) {
      expect(entry.detail).toMatchObject({
        channel: 'slack',
        event: CaseSlaWarning.detailType,
        retryable: true,
      });
    }
    // The business clock is stopped, so the entries share one time and their order says nothing.
    // The first invocation met the 503s; the later ones found nothing listening.
    const reasons = failed.map((entry) => String(entry.detail.reason));
    expect(reasons.filter((reason) => reason.includes('HTTP 503'))).toHaveLength(1);
    expect(reasons.filter((reason) => reason.includes('fetch failed'))).toHaveLength(
      INVOCATIONS - 1,
    );
    expect(timeline.filter((entry) => entry.type === 'delivered')).toEqual([]);
  });

  it('counts every failed invocation in AlertDeliveryFailures for the slack channel', () => {
    expect(emf.valuesOf(METRICS.alertDeliveryFailures.name)).toEqual(
      Array.from({ length: INVOCATIONS }, () => ({
        namespace: METRICS_NAMESPACE,
        dimensions: { service: METRICS_SERVICE, channel: 'slack' },
        unit: 'Count',
        value: 1,
      })),
    );
    expect(emf.valuesOf(METRICS.alertsDelivered.name)).toEqual([]);
  });

  it('sends nothing to the local sink of any other channel', () => {
    expect(runtime.sink.alerts).toEqual([]);
  });
});
