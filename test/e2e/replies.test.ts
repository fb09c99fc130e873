/**
 * Replying from a case, end to end on one machine: a customer's tweet arrives through the X
 * webhook, becomes a case, an agent replies publicly through the cases API, the reply sender posts
 * it to the X stand-in, and X's webhook then reports the brand's reply — which the case takes as
 * the response it already recorded, once, at the time of the send.
 */
import type { Case, TimelineEntry } from '../../shared/contracts/case';
import type { BusEvent } from '../../shared/contracts/events';
import type { Reply } from '../../shared/contracts/reply';
import { eventually } from '../support/eventually';
import { startXStandIn, type XStandIn } from '../support/platform-stand-ins';
import { fixture, TEST_SECRETS, xHeaders } from '../support/signed-webhooks';
import { useLocalRuntime } from './support';

const BRAND_ACCOUNT = '1453711982412140544';
const X = {
  consumerKey: 'e2e-consumer-key',
  consumerSecret: TEST_SECRETS.X_CONSUMER_SECRET,
  accessToken: `${BRAND_ACCOUNT}-e2e-token`,
  accessTokenSecret: 'e2e-token-secret',
};

let x: XStandIn;
beforeAll(async () => {
  x = await startXStandIn(X);
});
afterAll(() => x.stop());

interface CaseDetail {
  readonly case: Case;
  readonly timeline: TimelineEntry[];
  readonly replies: Reply[];
  readonly mentions: { id: string; kind: string }[];
}

/** X's Account Activity delivery of one tweet (the documented `tweet_create_events` shape). */
const tweetDelivery = (tweet: Record<string, unknown>) =>
  JSON.stringify({ for_user_id: BRAND_ACCOUNT, tweet_create_events: [tweet] });

describe('replying from a case', () => {
  const local = useLocalRuntime({
    env: () => ({
      X_API_BASE_URL: x.url,
      X_CONSUMER_KEY: X.consumerKey,
      X_ACCESS_TOKEN: X.accessToken,
      X_ACCESS_TOKEN_SECRET: X.accessTokenSecret,
    }),
  });
  const { clock, api } = local;
  const responded: BusEvent[] = [];

  beforeAll(() => {
    local.runtime.events.subscribe((event) => {
      if (event['detail-type'] === 'Case Responded') responded.push(event);
    });
  });

  const postX = async (body: string) => {
    const response = await fetch(`${local.runtime.url}/webhooks/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...xHeaders(body) },
      body,
    });
    expect(response.status).toBe(200);
  };

  const askReply = (caseId: string, body: Record<string, unknown>, route = 'reply') =>
    fetch(`${local.runtime.url}/cases/${caseId}/${route}`, {
      method: 'POST',
      headers: { authorization: 'Bearer e2e-operator-token', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers a reply to an unknown case with the 404 an action on it gets', async () => {
    const replied = await askReply('no-such-case', {
      version: 1,
      visibility: 'public',
      text: 'hi',
    });
    const acknowledged = await askReply('no-such-case', { version: 1 }, 'acknowledge');
    expect(replied.status).toBe(404);
    expect(acknowledged.status).toBe(404);
    expect(await replied.json()).toEqual(await acknowledged.json());
    expect(x.requests).toHaveLength(0);
  });

  it('posts the public reply once and takes the echo as the response already recorded', async () => {
    const [customerTweet] = JSON.parse(fixture('x', 'tweet-mention.json')).tweet_create_events;
    await postX(tweetDelivery(customerTweet));
    const found = await eventually(
      async () =>
        (await api<{ items: Case[] }>('/cases')).items.find(
          (item) => item.author.id === '28190372',
        ),
      (item) => item !== undefined,
    );
    const caseId = (found as Case).caseId;
    const before = await api<CaseDetail>(`/cases/${caseId}`);
    expect(before.case.status).toBe('open');

    const text = "We're sorry, Dana. We're looking at rebooking options for AA1432 now.";
    const stale = await askReply(caseId, {
      version: before.case.version + 1,
      visibility: 'public',
      text,
    });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({
      error: { code: 'version_conflict', currentVersion: before.case.version },
    });

    clock.advance(90_000);
    const sentAt = clock.now().toISOString();
    const asked = await askReply(caseId, {
      version: before.case.version,
      visibility: 'public',
      text,
    });
    expect(asked.status).toBe(202);
    const [queued] = ((await asked.json()) as { replies: Reply[] }).replies;
    expect(queued?.state).toBe('queued');

    const sent = await eventually(
      () => api<CaseDetail>(`/cases/${caseId}`),
      (detail) => detail.replies[0]?.state === 'sent',
    );
    expect(x.requests).toHaveLength(1);
    expect(x.requests[0]?.body).toEqual({
      text,
      reply: { in_reply_to_tweet_id: customerTweet.id_str },
    });
    expect(x.problems).toEqual([]);
    const platformReplyId = sent.replies[0]?.platformReplyId as string;
    expect(sent.case).toMatchObject({ status: 'responded', firstResponseAt: sentAt });

    // X reports the brand's tweet through the same webhook.
    clock.advance(3_000);
    await postX(
      tweetDelivery({
        created_at: 'Tue Mar 04 14:33:00 +0000 2025',
        id_str: platformReplyId,
        text: `@danawhit ${text}`,
        truncated: false,
        in_reply_to_status_id_str: customerTweet.id_str,
        in_reply_to_user_id_str: '28190372',
        in_reply_to_screen_name: 'danawhit',
        user: {
          id_str: BRAND_ACCOUNT,
          name: 'Acme Air',
          screen_name: 'AcmeAir',
          verified: true,
          followers_count: 1204331,
        },
        lang: 'en',
        timestamp_ms: String(Date.parse(clock.now().toISOString())),
      }),
    );
    const after = await eventually(
      () => api<CaseDetail>(`/cases/${caseId}`),
      (detail) => detail.mentions.some((mention) => mention.kind === 'brand_reply'),
    );
    expect(after.case.firstResponseAt).toBe(sentAt);
    expect(after.timeline.filter((entry) => entry.type === 'responded')).toHaveLength(1);
    // Every status, in two requests: a page reads at most five index ranges.
    const items = [
      ...(await api<{ items: Case[] }>('/cases?status=open,acknowledged,responded')).items,
      ...(await api<{ items: Case[] }>('/cases?status=resolved')).items,
    ];
    expect(
      items.filter((item) => item.author.id === '28190372' || item.author.id === BRAND_ACCOUNT),
    ).toHaveLength(1);
    await local.runtime.events.settled();
    expect(
      responded.filter((event) => (event.detail as { caseId: string }).caseId === caseId),
    ).toHaveLength(1);
    expect(x.requests).toHaveLength(1);
  });
});
