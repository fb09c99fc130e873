/**
 * The walking skeleton, end to end on one machine: a signed generic webhook becomes a case seen
 * through the API, and once its first-response deadline passes a Slack alert reaches the sink.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/ports';
import { QUEUES } from '../../infra/topology';
import type { CaseSummary } from '../../shared/contracts/case';
import { eventually } from '../support/eventually';
import { freshGenericHeaders, useLocalRuntime } from './support';

/** A complaint from the customer with `handle` (each test has its own customer, so its own case). */
const mentionPayload = (handle: string) => ({
  type: 'mention.created',
  timestamp: new Date().toISOString(),
  data: {
    id: `gen-${randomUUID()}`,
    source: 'generic',
    text: 'My order #4411 arrived broken and support has ignored me for three days. I want a refund now!',
    author: { id: `cust-${handle}`, name: 'Dana Reyes', handle, followers: 5400 },
    createdAt: new Date().toISOString(),
    url: 'https://community.example.com/posts/8841',
  },
});

const newHandle = () => `dana${randomUUID().slice(0, 8)}`;

interface SignedRequest {
  readonly headers: Record<string, string>;
  readonly body: string;
}

const sign = (body: string, secret?: string): SignedRequest => ({
  body,
  headers: freshGenericHeaders(body, secret),
});

describe('walking skeleton', () => {
  const local = useLocalRuntime();
  const { clock, api } = local;
  let sqs: SQSClient;

  beforeAll(() => {
    sqs = new SQSClient({
      endpoint: local.runtime.endpoints.sqs,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
  });
  afterAll(() => sqs?.destroy());

  const post = (request: SignedRequest) =>
    fetch(`${local.runtime.url}/webhooks/generic`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });

  const { casesOf, caseOf } = local;
  const listCases = async () => (await api<{ items: CaseSummary[] }>('/cases')).items;

  /** Posts a new customer's complaint and waits for its case. */
  const openCase = async () => {
    const handle = newHandle();
    const request = sign(JSON.stringify(mentionPayload(handle)));
    const response = await post(request);
    expect(response.status).toBeLessThan(300);
    const summary = await caseOf(handle);
    expect(await casesOf(handle)).toHaveLength(1);
    return { handle, request, summary, caseId: summary.caseId };
  };

  /** The mentions queue holds nothing (local-aws-sqs counts in-flight messages here too). */
  const mentionsDrained = () =>
    eventually(
      async () => {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: `${local.runtime.endpoints.sqs}/123456789012/${QUEUES.mentions}`,
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        );
        return Number(Attributes?.ApproximateNumberOfMessages);
      },
      (count) => count === 0,
    );

  it('answers GET /health with 200 once every part is up', async () => {
    const response = await fetch(`${local.runtime.url}/health`);
    expect(response.status).toBe(200);
  });

  it('turns a signed generic webhook into a case seen through the API', async () => {
    const { handle, summary, caseId } = await openCase();
    expect(summary).toMatchObject({ status: 'open', source: 'generic', breached: false });
    expect(summary.author.handle).toBe(handle);
    expect(summary.dueAt).toEqual(expect.any(String));

    const detail = await api<{ case: { caseId: string }; mentions: unknown[] }>(
      `/cases/${encodeURIComponent(caseId)}`,
    );
    expect(detail.case.caseId).toBe(caseId);
    expect(detail.mentions).toHaveLength(1);
  });

  it('creates nothing new when the same webhook is delivered again', async () => {
    const { handle, request, caseId } = await openCase();
    const response = await post(request);
    expect(response.status).toBeLessThan(300);
    await mentionsDrained();

    expect((await casesOf(handle)).map((item) => item.caseId)).toEqual([caseId]);
    const detail = await api<{ mentions: unknown[] }>(`/cases/${encodeURIComponent(caseId)}`);
    expect(detail.mentions).toHaveLength(1);
  });

  it('answers 401 to a bad signature and 400 to a malformed body, leaving nothing behind', async () => {
    const before = (await listCases()).map((item) => item.caseId);
    const handle = newHandle();
    const forged = sign(
      JSON.stringify(mentionPayload(handle)),
      `whsec_${Buffer.from('another-secret-entirely-42').toString('base64')}`,
    );
    const unsigned = await post(forged);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ error: { code: 'invalid_signature' } });

    const malformed = await post(sign('{"type":"mention.created","data":'));
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: expect.any(Object) });

    await mentionsDrained();
    expect((await listCases()).map((item) => item.caseId)).toEqual(before);
    expect(await casesOf(handle)).toEqual([]);
  });

  it('sends a Slack alert to the sink once the first-response deadline passes', async () => {
    const { handle, summary, caseId } = await openCase();
    const dueAt = Date.parse(summary.dueAt ?? '');
    clock.advance(dueAt - clock.now().getTime() + 60_000);

    const breachAlerts = () =>
      local.runtime.sink.alerts.filter(
        (alert) =>
          alert.channel === 'slack' &&
          JSON.stringify(alert.body).includes(caseId) &&
          JSON.stringify(alert.body).includes('SLA breached'),
      );
    await eventually(breachAlerts, (alerts) => alerts.length > 0);

    // Another sweep a minute later finds nothing new to raise: the breach fires exactly once.
    clock.advance(60_000);
    await sleep(500);
    await local.runtime.events.settled();
    expect(breachAlerts()).toHaveLength(1);
    expect(await casesOf(handle)).toMatchObject([{ caseId, breached: true }]);
  });
});
