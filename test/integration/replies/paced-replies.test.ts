/**
 * Replies to one case at a time take their turns under the platform's rate limit, with the same
 * pacer as the bulk reply to an incident: the real triage, cases API and reply sender functions
 * against DynamoDB Local, local SQS and a loopback X stand-in, X paced at 60 a minute with bursts
 * of 2 for the test.
 */
import { caseIdFor } from '../../../shared/use-cases/mention-triage';
import { refundComplaint } from '../../fixtures/cases/mentions';
import { apiCaller } from '../api/support';
import { received, recordOf, sqsEvent } from '../triage/support';
import { startXReplyHarness, type XReplyHarness } from './support';

let harness: XReplyHarness;
beforeAll(async () => {
  harness = await startXReplyHarness({
    busName: 'paced-replies-test',
    start: '2025-05-13T10:05:00.000Z',
    config: { replies: { pacing: { x: { perMinute: 60, burst: 2 } } } },
  });
});
afterAll(async () => harness.stop());

const request = apiCaller(() => harness.api, 'agent-sam');

describe('replies to single cases', () => {
  it('take turns under the platform limit: past the burst a reply waits, and X gets it after its turn', async () => {
    const { triage, x, clock, sendUntil } = harness;
    const complaints = Array.from({ length: 3 }, (_, index) => {
      const nativeId = `18900000000000${String(index).padStart(5, '0')}`;
      return refundComplaint({
        id: `x:${nativeId}`,
        nativeId,
        author: { id: `8800${index}`, handle: `rider${index}` },
        conversationId: nativeId,
        url: `https://x.com/rider${index}/status/${nativeId}`,
        createdAt: clock.now().toISOString(),
      });
    });
    const triaged = await triage(
      sqsEvent(...complaints.map((mention) => recordOf(received(mention, mention.createdAt)))),
    );
    expect(triaged.batchItemFailures).toEqual([]);

    const answers = [];
    for (const mention of complaints) {
      const caseId = caseIdFor(mention);
      const { body } = await request('GET', `/cases/${caseId}`);
      const answer = await request('POST', `/cases/${caseId}/reply`, {
        version: body.case.version,
        text: 'Sorry about that, we have refunded the fee.',
        visibility: 'public',
      });
      expect(answer.status).toBe(202);
      answers.push(answer.body.replies[0]);
    }
    // Two at once (the burst), the third a second later.
    expect(answers.map((reply) => reply.problem?.code)).toEqual([undefined, undefined, 'paced']);
    const third = answers[2] as { caseId: string; problem: { retryAt: string } };
    expect(Date.parse(third.problem.retryAt)).toBe(clock.now().getTime() + 1_000);

    await sendUntil(() => x.requests.length >= 3);
    expect(x.problems).toEqual([]);
    expect(x.requests).toHaveLength(3);
    const sent = (await request('GET', `/cases/${third.caseId}`)).body.replies[0];
    expect(sent.state).toBe('sent');
    expect(Date.parse(sent.sentAt)).toBeGreaterThanOrEqual(Date.parse(third.problem.retryAt));
  }, 120_000);
});
