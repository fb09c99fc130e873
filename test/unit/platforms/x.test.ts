import { createHmac } from 'node:crypto';
import { crcResponseToken, unescapeXText } from '../../../shared/adapters/platforms/x';
import {
  fixture,
  signedWebhook,
  TEST_SECRETS,
  webhookEvent,
  xHeaders,
} from '../../support/signed-webhooks';
import { errorCode, ingestHarness, responseBody } from './ingest-harness';

const ACME_X = '1453711982412140544';

describe('xPlatform', () => {
  it('answers the CRC challenge with the base64 HMAC of the token', async () => {
    const { ingest } = ingestHarness();
    const result = await ingest(
      webhookEvent({ source: 'x', method: 'GET', query: { crc_token: 'Y3JjLXRva2VuLTE3NDEw' } }),
    );
    const expected = createHmac('sha256', TEST_SECRETS.X_CONSUMER_SECRET)
      .update('Y3JjLXRva2VuLTE3NDEw')
      .digest('base64');
    expect(result.statusCode).toBe(200);
    expect(responseBody(result)).toEqual({ response_token: `sha256=${expected}` });
    expect(crcResponseToken(TEST_SECRETS.X_CONSUMER_SECRET, 'Y3JjLXRva2VuLTE3NDEw')).toBe(
      `sha256=${expected}`,
    );
  });

  it('answers 400 when the CRC request has no crc_token', async () => {
    const { ingest } = ingestHarness();
    const result = await ingest(webhookEvent({ source: 'x', method: 'GET' }));
    expect(result.statusCode).toBe(400);
    expect(errorCode(result)).toBe('missing_crc_token');
  });

  it('normalizes a mention with the author reach and a link to the tweet', async () => {
    const { ingest, mentions } = ingestHarness();
    const result = await ingest(signedWebhook('x', fixture('x', 'tweet-mention.json')));
    expect(result.statusCode).toBe(200);
    expect(mentions()).toEqual([
      {
        id: 'x:1896948212113408112',
        source: 'x',
        nativeId: '1896948212113408112',
        kind: 'mention',
        brand: 'default',
        account: ACME_X,
        author: {
          id: '28190372',
          name: 'Dana Whitfield',
          handle: 'danawhit',
          followers: 4821,
          verified: false,
          profileUrl: 'https://x.com/danawhit',
        },
        text: '@AcmeAir my flight AA1432 was cancelled and nobody at the gate can tell me when I can rebook. Three hours in line already.',
        language: 'en',
        url: 'https://x.com/danawhit/status/1896948212113408112',
        conversationId: '1896948212113408112',
        createdAt: '2025-03-04T14:31:07.512Z',
        metrics: { reposts: 2, likes: 5, replies: 0 },
        raw: { route: 'x', eventType: 'tweet_create_events' },
      },
    ]);
  });

  it('takes the full text of a truncated reply and threads it under the tweet it answers', async () => {
    const { ingest, mentions } = ingestHarness();
    await ingest(signedWebhook('x', fixture('x', 'tweet-reply-extended.json')));
    const [reply] = mentions();
    expect(reply?.kind).toBe('reply');
    expect(reply?.text).toMatch(/hotel I already paid for\. Who do I talk to\?$/);
    expect(reply?.inReplyToId).toBe('1896950121408372736');
    expect(reply?.conversationId).toBe('1896950121408372736');
  });

  it('keeps a quote as a mention with the quoting author reach', async () => {
    const { ingest, mentions } = ingestHarness();
    await ingest(signedWebhook('x', fixture('x', 'tweet-quote.json')));
    expect(mentions()).toMatchObject([
      {
        kind: 'mention',
        author: { handle: 'traveldeskwkly', followers: 312904, verified: true },
        metrics: { reposts: 41, likes: 220, replies: 12 },
      },
    ]);
  });

  it('marks a reply by the subscribed account as a brand reply in the customer conversation, ignoring its broadcasts and retweets', async () => {
    const { ingest, mentions, metricTotal } = ingestHarness();
    const result = await ingest(signedWebhook('x', fixture('x', 'brand-reply.json')));
    expect(responseBody(result)).toEqual({ accepted: 1, ignored: 2 });
    expect(mentions()).toMatchObject([
      {
        id: 'x:1896950121408372736',
        kind: 'brand_reply',
        author: { id: ACME_X },
        conversationId: '1896948212113408112',
        inReplyToId: '1896948212113408112',
      },
    ]);
    expect(metricTotal('EventsIgnored')).toBe(2);
  });

  it('normalizes direct messages with the users map, the brand answer as a brand reply in the same conversation', async () => {
    const { ingest, mentions } = ingestHarness();
    await ingest(signedWebhook('x', fixture('x', 'direct-message.json')));
    const [customer, brand] = mentions();
    expect(customer).toMatchObject({
      id: 'x:1896951990207533060',
      kind: 'direct_message',
      author: { id: '28190372', handle: 'danawhit', followers: 4821 },
      text: 'Confirmation code is QX7P2L. I need to be in Chicago tonight.',
      createdAt: '2025-03-04T14:47:40.631Z',
    });
    expect(brand).toMatchObject({ kind: 'brand_reply', author: { id: ACME_X, handle: 'AcmeAir' } });
    expect(customer?.conversationId).toBe(`28190372-${ACME_X}`);
    expect(brand?.conversationId).toBe(customer?.conversationId);
  });

  it('turns a tweet deletion into a mention.deleted message', async () => {
    const { ingest, queued } = ingestHarness();
    await ingest(signedWebhook('x', fixture('x', 'tweet-delete.json')));
    expect(queued).toEqual([
      {
        type: 'mention.deleted',
        receivedAt: '2025-03-04T16:05:13.000Z',
        mentionId: 'x:1896958005417902307',
        source: 'x',
        deletedAt: '2025-03-04T16:10:02.211Z',
      },
    ]);
  });

  it('acknowledges and counts favorites, follows and typing indicators without queueing anything', async () => {
    const { ingest, queued, metricTotal } = ingestHarness();
    const result = await ingest(signedWebhook('x', fixture('x', 'other-events.json')));
    expect(result.statusCode).toBe(200);
    expect(responseBody(result)).toEqual({ accepted: 0, ignored: 3 });
    expect(queued).toEqual([]);
    expect(metricTotal('EventsIgnored')).toBe(3);
  });

  it('keeps a v1.1 tweet whose counts are -1 (unknown) and ignores a retweet in the same delivery', async () => {
    const { ingest, mentions } = ingestHarness();
    const result = await ingest(
      signedWebhook('x', fixture('x', 'tweet-unknown-counts-escaped.json')),
    );
    expect(result.statusCode).toBe(200);
    expect(responseBody(result)).toEqual({ accepted: 1, ignored: 1 });
    const [mention] = mentions();
    expect(mention?.author).toEqual({
      id: '982134095118303232',
      name: 'Priya N',
      handle: 'priyaflies',
      verified: false,
      profileUrl: 'https://x.com/priyaflies',
    });
    expect(mention?.metrics).toEqual({});
  });

  it('decodes the HTML escapes X puts in tweet text, once', async () => {
    const { ingest, mentions } = ingestHarness();
    await ingest(signedWebhook('x', fixture('x', 'tweet-unknown-counts-escaped.json')));
    expect(mentions()[0]?.text).toBe(
      '@AcmeAir bag fee & seat fee > the fare itself <sigh> Q&A says "no hidden fees"',
    );
    expect(unescapeXText('&amp;lt; is how X writes &lt;')).toBe('&lt; is how X writes <');
  });

  it('acknowledges a user_event (authorization revoked), which names no for_user_id', async () => {
    const { ingest, queued, metricTotal } = ingestHarness();
    const result = await ingest(signedWebhook('x', fixture('x', 'user-event-revoke.json')));
    expect(result.statusCode).toBe(200);
    expect(responseBody(result)).toEqual({ accepted: 0, ignored: 1 });
    expect(queued).toEqual([]);
    expect(metricTotal('EventsIgnored')).toBe(1);
  });

  it('keeps the readable tweets of a delivery and skips, counts and names an unreadable one', async () => {
    const delivery = JSON.parse(fixture('x', 'tweet-mention.json'));
    const broken = { ...delivery.tweet_create_events[0], id_str: '', user: { name: 'no id' } };
    delivery.tweet_create_events.push(broken);
    const { ingest, mentions, metricTotal } = ingestHarness();
    const result = await ingest(signedWebhook('x', JSON.stringify(delivery)));
    expect(result.statusCode).toBe(200);
    expect(mentions()).toHaveLength(1);
    expect(responseBody(result)).toMatchObject({
      accepted: 1,
      skipped: [
        {
          eventType: 'tweet_create_events',
          issues: [{ path: 'id_str' }, { path: 'user.id_str' }],
        },
      ],
    });
    expect(metricTotal('EntriesSkipped')).toBe(1);
  });

  it.each([
    ['missing', {}, 'missing_signature'],
    ['malformed', { 'x-twitter-webhooks-signature': 'sha1=abc' }, 'malformed_signature'],
    [
      'made with the wrong secret',
      xHeaders(fixture('x', 'tweet-mention.json'), 'another-consumer-secret'),
      'invalid_signature',
    ],
    ['made for another body', xHeaders(fixture('x', 'tweet-quote.json')), 'invalid_signature'],
  ])('answers 401 when the signature is %s', async (_case, headers, code) => {
    const { ingest, queued } = ingestHarness();
    const result = await ingest(
      webhookEvent({ source: 'x', body: fixture('x', 'tweet-mention.json'), headers }),
    );
    expect(result.statusCode).toBe(401);
    expect(errorCode(result)).toBe(code);
    expect(queued).toEqual([]);
  });

  it('refuses with 403 a delivery for an X account no configured brand owns, and counts it', async () => {
    const { ingest, queued, metricTotal } = ingestHarness({
      brands: [
        {
          id: 'globex',
          name: 'Globex',
          accounts: { x: ['99'], facebook: [], instagram: [], trustpilot: [] },
        },
      ],
    });
    const result = await ingest(signedWebhook('x', fixture('x', 'tweet-mention.json')));
    expect(result.statusCode).toBe(403);
    expect(responseBody(result)).toMatchObject({
      error: { code: 'unknown_account', message: `no configured brand owns x ${ACME_X}` },
    });
    expect(queued).toEqual([]);
    expect(metricTotal('AccountsRefused')).toBe(1);
  });

  it('files the mention under the brand that owns the subscribed account', async () => {
    const { ingest, mentions } = ingestHarness({
      brands: [
        {
          id: 'globex',
          name: 'Globex',
          accounts: { x: ['99'], facebook: [], instagram: [], trustpilot: [] },
        },
        {
          id: 'acme-air',
          name: 'Acme Air',
          accounts: { x: [ACME_X], facebook: [], instagram: [], trustpilot: [] },
        },
      ],
    });
    await ingest(signedWebhook('x', fixture('x', 'tweet-mention.json')));
    expect(mentions()[0]?.brand).toBe('acme-air');
  });
});
