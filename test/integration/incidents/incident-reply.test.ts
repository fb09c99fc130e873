/**
 * Answering an incident: the real triage, cases API and reply sender functions against DynamoDB
 * Local, local SQS and a loopback X stand-in. One reply to every case of the incident reaches X
 * once per case — also when the request is retried and the sender gets a message twice — paced,
 * each case keeping its own history; then the incident is resolved with its cases.
 */
import type { Mention } from '../../../shared/contracts/mention';
import { caseIdFor } from '../../../shared/use-cases/mention-triage';
import { refundComplaint } from '../../fixtures/cases/mentions';
import { apiCaller } from '../api/support';
import { startXReplyHarness, type XReplyHarness } from '../replies/support';
import { received, recordOf, sqsEvent } from '../triage/support';

let harness: XReplyHarness;
beforeAll(async () => {
  harness = await startXReplyHarness({
    busName: 'incident-reply-test',
    start: '2025-05-13T09:20:00.000Z',
    // A threshold of 10, and X paced at 60 a minute with bursts of 10: the 11th reply waits 1 s.
    config: {
      incidents: { minCount: 10 },
      replies: { pacing: { x: { perMinute: 60, burst: 10 } } },
    },
  });
});
afterAll(async () => harness.stop());

const request = apiCaller(() => harness.api, 'agent-morgan');

const outage = (index: number): Mention => {
  const nativeId = `18800000000000${String(index).padStart(5, '0')}`;
  return refundComplaint({
    id: `x:${nativeId}`,
    nativeId,
    author: { id: `7700${index}`, handle: `flyer${index}` },
    conversationId: nativeId,
    url: `https://x.com/flyer${index}/status/${nativeId}`,
    text: '@AcmeAir the app is down, I cannot check in for my flight',
    createdAt: harness.clock.now().toISOString(),
  });
};

describe('answering an incident', () => {
  it('replies once on every open case, paced, safe to retry, then resolves it with its cases', async () => {
    const { triage, x, sendUntil } = harness;
    const storm = Array.from({ length: 12 }, (_, index) => outage(index));
    const response = await triage(
      sqsEvent(...storm.map((mention) => recordOf(received(mention, mention.createdAt)))),
    );
    expect(response.batchItemFailures).toEqual([]);
    const caseIds = storm.map(caseIdFor);
    const listed = await request('GET', '/incidents');
    const incidentId = listed.body.items[0]?.incidentId as string;
    expect(listed.body.items[0]).toMatchObject({ status: 'open', caseCount: 12 });
    // One customer was already answered and the case resolved: it gets no second reply.
    const [closed, ...open] = caseIds as [string, ...string[]];
    const before = await request('GET', `/cases/${closed}`);
    expect(
      (
        await request('POST', `/cases/${closed}/resolve`, {
          version: before.body.case.version,
          reason: 'answered by phone',
        })
      ).status,
    ).toBe(200);

    const text = 'We are sorry: check-in is working again. Thank you for your patience.';
    const body = { text, idempotencyKey: 'status-update-0001' };
    const first = await request('POST', `/incidents/${incidentId}/reply`, body);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ queued: 11, alreadyRequested: 0, skipped: 1 });
    expect(first.body.cases).toContainEqual({
      caseId: closed,
      outcome: 'skipped',
      reason: 'the case is resolved',
    });
    // Ten go at once (the burst), the eleventh a second later.
    const waiting = first.body.cases.filter((one: { sendAfter?: string }) => one.sendAfter);
    expect(waiting).toHaveLength(1);

    // The client did not see the answer and sends the request again.
    const retried = await request('POST', `/incidents/${incidentId}/reply`, body);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ queued: 0, alreadyRequested: 11, skipped: 1 });

    await sendUntil(() => x.requests.length >= 11);
    // Messages left (the retry queued each reply again) post nothing more.
    await sendUntil(() => false, 3);
    expect(x.problems).toEqual([]);
    const answered = x.requests.map(
      (posted) =>
        (posted.body as { reply: { in_reply_to_tweet_id: string } }).reply.in_reply_to_tweet_id,
    );
    expect(answered.sort()).toEqual(
      storm
        .slice(1)
        .map((mention) => mention.nativeId)
        .sort(),
    );
    for (const posted of x.requests) expect((posted.body as { text: string }).text).toBe(text);

    for (const caseId of open) {
      const detail = await request('GET', `/cases/${caseId}`);
      expect(detail.body.replies).toEqual([
        expect.objectContaining({
          state: 'sent',
          text,
          requestedBy: expect.objectContaining({ id: 'agent-morgan' }),
        }),
      ]);
      const types = detail.body.timeline.map((entry: { type: string }) => entry.type);
      expect(types).toEqual(
        expect.arrayContaining(['incident_joined', 'reply_queued', 'responded']),
      );
    }
    const late = waiting[0] as { caseId: string; sendAfter: string };
    const lateReply = (await request('GET', `/cases/${late.caseId}`)).body.replies[0];
    expect(Date.parse(lateReply.sentAt)).toBeGreaterThanOrEqual(Date.parse(late.sendAfter));

    const resolved = await request('POST', `/incidents/${incidentId}/resolve`, {
      reason: 'check-in restored',
    });
    expect(resolved.body).toMatchObject({
      incident: { status: 'resolved' },
      resolvedCases: 11,
      unchangedCases: 1,
    });
  }, 120_000);

  it('refuses a reply without an idempotency key, and to an incident that does not exist', async () => {
    const missingKey = await request('POST', '/incidents/inc_any/reply', { text: 'Back up' });
    expect(missingKey.status).toBe(400);
    expect(JSON.stringify(missingKey.body)).toContain('idempotencyKey');
    const unknown = await request('POST', '/incidents/inc_nope/reply', {
      text: 'Back up',
      idempotencyKey: 'status-update-0002',
    });
    expect(unknown).toMatchObject({ status: 404 });
  });
});
