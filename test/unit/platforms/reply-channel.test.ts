import { createHmac } from 'node:crypto';
import { PlatformReplyChannel } from '../../../shared/adapters/platforms/reply-channel';
import type { Reply, ReplyTarget } from '../../../shared/contracts/reply';
import { secretsFromMap } from '../../../shared/contracts/secrets';
import {
  type GraphStandIn,
  type StandIn,
  startGraphStandIn,
  startIntegrationStandIn,
  startTrustpilotStandIn,
  startXStandIn,
  type TrustpilotStandIn,
  type XStandIn,
} from '../../support/platform-stand-ins';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const X = {
  consumerKey: 'ck-brand-app',
  consumerSecret: 'cs-brand-app-secret',
  accessToken: '1500000000000000000-brandtoken',
  accessTokenSecret: 'brand-token-secret',
};
const META = { pageAccessToken: 'EAAGpagetoken', appSecret: 'meta-app-secret' };
const TRUSTPILOT_TOKEN = 'tp-access-token';
const WEBHOOK_SECRET = `whsec_${Buffer.from('integration-secret-0123456789').toString('base64')}`;

const replyTo = (target: ReplyTarget, overrides: Partial<Reply> = {}): Reply => ({
  replyId: 'r_1',
  caseId: 'c_1',
  brand: 'default',
  source: 'x',
  visibility: 'public',
  text: 'Sorry to hear that, we are on it.',
  target,
  inReplyToMentionId: 'x:1',
  state: 'queued',
  requestedBy: { type: 'agent', id: 'agent-7' },
  requestedAt: NOW.toISOString(),
  attempts: 1,
  deferrals: 0,
  attemptedAt: NOW.toISOString(),
  ...overrides,
});

let x: XStandIn;
let graph: GraphStandIn;
let trustpilot: TrustpilotStandIn;
let integration: StandIn;

const channel = (secrets: Record<string, string> = {}, timeoutMs?: number) =>
  new PlatformReplyChannel({
    secrets: secretsFromMap({
      X_CONSUMER_KEY: X.consumerKey,
      X_CONSUMER_SECRET: X.consumerSecret,
      X_ACCESS_TOKEN: X.accessToken,
      X_ACCESS_TOKEN_SECRET: X.accessTokenSecret,
      META_PAGE_ACCESS_TOKEN: META.pageAccessToken,
      META_APP_SECRET: META.appSecret,
      TRUSTPILOT_ACCESS_TOKEN: TRUSTPILOT_TOKEN,
      GENERIC_WEBHOOK_SECRETS: WEBHOOK_SECRET,
      ...secrets,
    }),
    baseUrls: { x: x.url, meta: `${graph.url}/v21.0`, trustpilot: trustpilot.url },
    webhookUrls: { reviews: `${integration.url}/replies` },
    now: () => NOW,
    realNow: () => new Date(),
    // One instance here: the lease has no one to wait for.
    lease: { hold: (_name, work) => work() },
    ...(timeoutMs ? { timeoutMs } : {}),
  });

beforeAll(async () => {
  [x, graph, trustpilot, integration] = await Promise.all([
    startXStandIn(X),
    startGraphStandIn(META),
    startTrustpilotStandIn({ accessToken: TRUSTPILOT_TOKEN }),
    startIntegrationStandIn(WEBHOOK_SECRET),
  ]);
});
afterAll(() => Promise.all([x, graph, trustpilot, integration].map((standIn) => standIn.stop())));
afterEach(() => {
  for (const standIn of [x, graph, trustpilot, integration]) {
    expect(standIn.problems).toEqual([]);
    standIn.requests.length = 0;
  }
});

describe('PlatformReplyChannel on X', () => {
  it('posts a public reply to the tweet, signed for the brand account, and returns its id and link', async () => {
    const outcome = await channel().send(
      replyTo({ kind: 'x_reply', inReplyToTweetId: '1460323737035677698' }),
    );
    expect(x.requests).toHaveLength(1);
    expect(x.requests[0]?.path).toBe('/2/tweets');
    expect(x.requests[0]?.body).toEqual({
      text: 'Sorry to hear that, we are on it.',
      reply: { in_reply_to_tweet_id: '1460323737035677698' },
    });
    expect(outcome).toEqual({
      kind: 'sent',
      platformReplyId: expect.stringMatching(/^\d+$/),
      url: expect.stringMatching(/^https:\/\/x\.com\/i\/web\/status\/\d+$/),
    });
  });

  it('sends a private reply as a direct message to the customer', async () => {
    const outcome = await channel().send(
      replyTo({ kind: 'x_direct_message', participantId: '2244994945' }, { visibility: 'private' }),
    );
    expect(x.requests[0]?.path).toBe('/2/dm_conversations/with/2244994945/messages');
    expect(x.requests[0]?.body).toEqual({ text: 'Sorry to hear that, we are on it.' });
    expect(outcome).toMatchObject({ kind: 'sent', platformReplyId: expect.any(String) });
  });

  it('defers a rate-limited reply until x-rate-limit-reset; nothing is posted', async () => {
    const reset = Math.floor(NOW.getTime() / 1000) + 600;
    x.failNext(x.faults.rateLimited(reset));
    const outcome = await channel().send(replyTo({ kind: 'x_reply', inReplyToTweetId: '1' }));
    expect(outcome).toEqual({
      kind: 'refused',
      problem: expect.objectContaining({
        code: 'rate_limited',
        retryAt: new Date(reset * 1000).toISOString(),
      }),
    });
  });

  it('fails for good on revoked credentials and on a deleted tweet, saying why', async () => {
    x.failNext(x.faults.unauthorized());
    x.failNext(x.faults.deletedTweet());
    const revoked = await channel().send(replyTo({ kind: 'x_reply', inReplyToTweetId: '1' }));
    const deleted = await channel().send(replyTo({ kind: 'x_reply', inReplyToTweetId: '1' }));
    expect(revoked).toMatchObject({ kind: 'refused', problem: { code: 'token_invalid' } });
    expect(revoked.kind === 'refused' && revoked.problem.retryAt).toBeUndefined();
    expect(deleted).toMatchObject({ kind: 'refused', problem: { code: 'post_deleted' } });
  });

  it('marks a 500 and a request left unanswered as unknown: they may have been posted', async () => {
    x.failNext(x.faults.serverError());
    x.failNext('hang');
    const failed = await channel().send(replyTo({ kind: 'x_reply', inReplyToTweetId: '1' }));
    const hung = await channel({}, 300).send(replyTo({ kind: 'x_reply', inReplyToTweetId: '1' }));
    expect(failed).toMatchObject({ kind: 'unknown', problem: { code: 'platform_error' } });
    expect(hung).toMatchObject({ kind: 'unknown', problem: { code: 'timeout' } });
  });

  it('refuses without calling X when the brand has no X credentials', async () => {
    const outcome = await channel({ X_ACCESS_TOKEN: '' }).send(
      replyTo({ kind: 'x_reply', inReplyToTweetId: '1' }),
    );
    expect(outcome).toMatchObject({ kind: 'refused', problem: { code: 'not_configured' } });
    expect(outcome.kind === 'refused' && outcome.problem.message).toContain('X_ACCESS_TOKEN');
    expect(x.requests).toHaveLength(0);
  });

  it('takes a brand’s credentials from REPLY_CREDENTIALS', async () => {
    const other = {
      X_CONSUMER_KEY: X.consumerKey,
      X_ACCESS_TOKEN: X.accessToken,
      X_ACCESS_TOKEN_SECRET: X.accessTokenSecret,
    };
    const outcome = await channel({
      X_ACCESS_TOKEN: '',
      REPLY_CREDENTIALS: JSON.stringify({ acme: other }),
    }).send(replyTo({ kind: 'x_reply', inReplyToTweetId: '1' }, { brand: 'acme' }));
    expect(outcome.kind).toBe('sent');
  });
});

describe('PlatformReplyChannel on Meta', () => {
  const proof = createHmac('sha256', META.appSecret).update(META.pageAccessToken).digest('hex');

  it('comments under a Facebook comment with the page token and appsecret_proof', async () => {
    const outcome = await channel().send(
      replyTo({ kind: 'facebook_comment', objectId: '111_222' }, { source: 'facebook' }),
    );
    expect(graph.requests[0]?.path).toBe('/v21.0/111_222/comments');
    expect(graph.requests[0]?.query.get('appsecret_proof')).toBe(proof);
    expect(graph.requests[0]?.body).toEqual({ message: 'Sorry to hear that, we are on it.' });
    expect(outcome).toMatchObject({ kind: 'sent', url: expect.stringContaining('facebook.com/') });
  });

  it('replies to an Instagram comment through /replies', async () => {
    await channel().send(
      replyTo(
        { kind: 'instagram_comment_reply', commentId: '17858893269000001' },
        { source: 'instagram' },
      ),
    );
    expect(graph.requests[0]?.path).toBe('/v21.0/17858893269000001/replies');
  });

  it('sends a private reply to a comment with recipient.comment_id', async () => {
    await channel().send(
      replyTo(
        {
          kind: 'meta_private_reply',
          network: 'facebook',
          accountId: '1234567890',
          commentId: '111_333',
        },
        { visibility: 'private', source: 'facebook' },
      ),
    );
    expect(graph.requests[0]?.path).toBe('/v21.0/1234567890/messages');
    expect(graph.requests[0]?.body).toEqual({
      recipient: { comment_id: '111_333' },
      message: { text: 'Sorry to hear that, we are on it.' },
    });
  });

  it('answers Messenger with RESPONSE inside 24 h and the HUMAN_AGENT tag after', async () => {
    const message = (messagingType: 'RESPONSE' | 'HUMAN_AGENT') =>
      replyTo(
        {
          kind: 'meta_message',
          network: 'facebook',
          accountId: '1234567890',
          recipientId: '6789',
          messagingType,
        },
        { visibility: 'private', source: 'messenger' },
      );
    await channel().send(message('RESPONSE'));
    await channel().send(message('HUMAN_AGENT'));
    expect(graph.requests.map((request) => request.body)).toEqual([
      {
        recipient: { id: '6789' },
        messaging_type: 'RESPONSE',
        message: { text: expect.any(String) },
      },
      {
        recipient: { id: '6789' },
        messaging_type: 'MESSAGE_TAG',
        tag: 'HUMAN_AGENT',
        message: { text: expect.any(String) },
      },
    ]);
  });

  it.each([
    ['tokenExpired', 'token_expired'],
    ['windowClosed', 'window_closed'],
    ['deletedObject', 'post_deleted'],
  ] as const)('shows Meta’s %s as %s, without a retry', async (fault, code) => {
    graph.failNext(graph.faults[fault]());
    const outcome = await channel().send(
      replyTo({ kind: 'facebook_comment', objectId: '1_2' }, { source: 'facebook' }),
    );
    expect(outcome).toMatchObject({ kind: 'refused', problem: { code } });
    expect(outcome.kind === 'refused' && outcome.problem.retryAt).toBeUndefined();
  });

  it('defers a throttled call by Meta’s estimate of the time to regain access', async () => {
    graph.failNext(graph.faults.throttled(7));
    const outcome = await channel().send(
      replyTo({ kind: 'facebook_comment', objectId: '1_2' }, { source: 'facebook' }),
    );
    expect(outcome).toMatchObject({
      kind: 'refused',
      problem: {
        code: 'rate_limited',
        retryAt: new Date(NOW.getTime() + 7 * 60_000).toISOString(),
      },
    });
  });

  it('marks a Graph 500 unknown', async () => {
    graph.failNext(graph.faults.serverError());
    const outcome = await channel().send(
      replyTo({ kind: 'facebook_comment', objectId: '1_2' }, { source: 'facebook' }),
    );
    expect(outcome.kind).toBe('unknown');
  });
});

describe('PlatformReplyChannel on Trustpilot', () => {
  const review = { kind: 'trustpilot_review_reply', reviewId: '5f8d0d55b54764421b7156c7' } as const;

  it('posts the business reply to the review', async () => {
    const outcome = await channel().send(replyTo(review, { source: 'trustpilot' }));
    expect(trustpilot.requests[0]?.path).toBe('/v1/private/reviews/5f8d0d55b54764421b7156c7/reply');
    expect(trustpilot.requests[0]?.body).toEqual({ message: 'Sorry to hear that, we are on it.' });
    expect(outcome).toEqual({
      kind: 'sent',
      platformReplyId: review.reviewId,
      url: `https://www.trustpilot.com/reviews/${review.reviewId}`,
    });
  });

  it('defers a 429 by Retry-After', async () => {
    trustpilot.failNext(trustpilot.faults.rateLimited(120));
    const limited = await channel().send(replyTo(review, { source: 'trustpilot' }));
    expect(limited).toMatchObject({
      kind: 'refused',
      problem: { code: 'rate_limited', retryAt: new Date(NOW.getTime() + 120_000).toISOString() },
    });
  });

  // Last: the stand-in's token stays expired.
  it('says how to renew an expired token when nothing to refresh it with is stored', async () => {
    trustpilot.expireAccessToken();
    const expired = await channel().send(replyTo(review, { source: 'trustpilot' }));
    expect(expired).toMatchObject({ kind: 'refused', problem: { code: 'token_expired' } });
    expect(expired.kind === 'refused' && expired.problem.message).toMatch(
      /Store TRUSTPILOT_REFRESH_TOKEN, TRUSTPILOT_API_KEY and TRUSTPILOT_API_SECRET/,
    );
    expect(trustpilot.refreshRequests()).toEqual([]);
  });
});

describe('PlatformReplyChannel to an integration', () => {
  const target = {
    kind: 'webhook',
    source: 'reviews',
    inReplyToId: 'rv-9',
    authorId: 'u-3',
  } as const;

  it('delivers a signed reply.requested with the reply id as webhook-id', async () => {
    const outcome = await channel().send(replyTo(target, { source: 'reviews' }));
    expect(integration.requests[0]?.headers['webhook-id']).toBe('r_1');
    expect(integration.requests[0]?.body).toMatchObject({
      type: 'reply.requested',
      data: {
        replyId: 'r_1',
        source: 'reviews',
        inReplyToId: 'rv-9',
        text: 'Sorry to hear that, we are on it.',
      },
    });
    expect(outcome).toMatchObject({
      kind: 'sent',
      platformReplyId: expect.stringMatching(/^int-/),
    });
  });

  it('retries an unanswered delivery: the integration posts a webhook-id once', async () => {
    integration.failNext('hang');
    const outcome = await channel({}, 300).send(replyTo(target, { source: 'reviews' }));
    expect(outcome).toMatchObject({ kind: 'refused', problem: { retryAt: expect.any(String) } });
  });
});
