/**
 * The walking skeleton, end to end on one machine: a signed generic webhook becomes a case seen
 * through the API, and once its first-response deadline passes a Slack alert reaches the sink.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LocalClock } from '../../infra/local/clock';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/ports';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { QUEUES } from '../../infra/topology';
import type { CaseSummary } from '../../shared/contracts/case';
import { signStandardWebhook } from '../../shared/platforms/generic';

const WEBHOOK_SECRET = `whsec_${Buffer.from('e2e-webhook-secret-0123456789').toString('base64')}`;
const API_TOKEN = 'e2e-operator-token';

/** Polls until `read` returns a value `accept`s; fails with the last value after the timeout. */
const eventually = async <T>(
  read: () => Promise<T> | T,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    }
    await sleep(100);
  }
};

const mentionPayload = () => ({
  type: 'mention.created',
  timestamp: new Date().toISOString(),
  data: {
    id: `gen-${randomUUID()}`,
    source: 'generic',
    text: 'My order #4411 arrived broken and support has ignored me for three days. I want a refund now!',
    author: { id: 'cust-8841', name: 'Dana Reyes', handle: 'danareyes', followers: 5400 },
    createdAt: new Date().toISOString(),
    url: 'https://community.example.com/posts/8841',
  },
});

interface SignedRequest {
  readonly headers: Record<string, string>;
  readonly body: string;
}

const sign = (body: string, secret = WEBHOOK_SECRET): SignedRequest => {
  const id = `msg_${randomUUID().replaceAll('-', '')}`;
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(secret, { id, timestamp, body }),
    },
  };
};

describe('walking skeleton', () => {
  let runtime: LocalRuntime;
  let sqs: SQSClient;
  const clock = new LocalClock({ rate: 0 });

  beforeAll(async () => {
    runtime = await startLocalRuntime({
      inMemory: true,
      clock,
      env: { GENERIC_WEBHOOK_SECRETS: WEBHOOK_SECRET, CASES_API_TOKEN: API_TOKEN },
      notifyRetryDelaysMs: [50, 100],
    });
    sqs = new SQSClient({
      endpoint: runtime.endpoints.sqs,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
  }, 60_000);
  afterAll(async () => {
    sqs?.destroy();
    await runtime?.stop();
  }, 30_000);

  const post = (request: SignedRequest) =>
    fetch(`${runtime.url}/webhooks/generic`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${runtime.url}${path}`, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  const listCases = async () => (await api<{ items: CaseSummary[] }>('/cases')).items;

  /** The mentions queue holds nothing (local-aws-sqs counts in-flight messages here too). */
  const mentionsDrained = () =>
    eventually(
      async () => {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: `${runtime.endpoints.sqs}/123456789012/${QUEUES.mentions}`,
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        );
        return Number(Attributes?.ApproximateNumberOfMessages);
      },
      (count) => count === 0,
    );

  let request: SignedRequest;
  let caseId: string;

  it('answers GET /health with 200 once every part is up', async () => {
    const response = await fetch(`${runtime.url}/health`);
    expect(response.status).toBe(200);
  });

  it('turns a signed generic webhook into a case seen through the API', async () => {
    request = sign(JSON.stringify(mentionPayload()));
    const response = await post(request);
    expect(response.status).toBeLessThan(300);

    const [summary] = await eventually(listCases, (items) => items.length === 1);
    expect(summary).toMatchObject({ status: 'open', source: 'generic', breached: false });
    expect(summary?.author.handle).toBe('danareyes');
    expect(summary?.dueAt).toEqual(expect.any(String));
    caseId = summary?.caseId ?? '';

    const detail = await api<{ case: { caseId: string }; mentions: unknown[] }>(
      `/cases/${encodeURIComponent(caseId)}`,
    );
    expect(detail.case.caseId).toBe(caseId);
    expect(detail.mentions).toHaveLength(1);
  });

  it('creates nothing new when the same webhook is delivered again', async () => {
    const response = await post(request);
    expect(response.status).toBeLessThan(300);
    await mentionsDrained();

    const items = await listCases();
    expect(items.map((item) => item.caseId)).toEqual([caseId]);
    const detail = await api<{ mentions: unknown[] }>(`/cases/${encodeURIComponent(caseId)}`);
    expect(detail.mentions).toHaveLength(1);
  });

  it('answers 401 to a bad signature and 400 to a malformed body, leaving nothing behind', async () => {
    const forged = sign(
      JSON.stringify(mentionPayload()),
      `whsec_${Buffer.from('another-secret-entirely-42').toString('base64')}`,
    );
    const unsigned = await post(forged);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ error: { code: 'invalid_signature' } });

    const malformed = await post(sign('{"type":"mention.created","data":'));
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: expect.any(Object) });

    await mentionsDrained();
    expect((await listCases()).map((item) => item.caseId)).toEqual([caseId]);
  });

  it('sends a Slack alert to the sink once the first-response deadline passes', async () => {
    const [summary] = await listCases();
    const dueAt = Date.parse(summary?.dueAt ?? '');
    clock.advance(dueAt - clock.now().getTime() + 60_000);

    const breachAlerts = () =>
      runtime.sink.alerts.filter(
        (alert) =>
          alert.channel === 'slack' &&
          JSON.stringify(alert.body).includes(caseId) &&
          JSON.stringify(alert.body).includes('SLA breached'),
      );
    await eventually(breachAlerts, (alerts) => alerts.length > 0);

    // Another sweep a minute later finds nothing new to raise: the breach fires exactly once.
    clock.advance(60_000);
    await sleep(500);
    await runtime.events.settled();
    expect(breachAlerts()).toHaveLength(1);
    expect((await listCases())[0]).toMatchObject({ caseId, breached: true });
  });
});
