import {
  fixture,
  metaHeaders,
  signedWebhook,
  TEST_SECRETS,
  webhookEvent,
} from '../../support/signed-webhooks';
import { errorCode, ingestHarness, responseBody } from './ingest-harness';

const PAGE = '104857291837465';
const INSTAGRAM = '17841405822304914';

const subscribe = (query: Record<string, string>) =>
  webhookEvent({ source: 'meta', method: 'GET', query });

describe('metaPlatform', () => {
  it('echoes hub.challenge when the verify token matches', async () => {
    const { ingest } = ingestHarness();
    const result = await ingest(
      subscribe({
        'hub.mode': 'subscribe',
        'hub.verify_token': TEST_SECRETS.META_VERIFY_TOKEN,
        'hub.challenge': '1158201444',
      }),
    );
    expect(result).toMatchObject({ statusCode: 200, body: '1158201444' });
    expect(result.headers).toMatchObject({ 'content-type': 'text/plain' });
  });

  it.each([
    ['the verify token differs', { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess' }],
    [
      'the mode is not subscribe',
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': TEST_SECRETS.META_VERIFY_TOKEN },
    ],
    ['no verify token is given', { 'hub.mode': 'subscribe' }],
  ])('answers 403 to the hub challenge when %s', async (_case, query) => {
    const { ingest } = ingestHarness();
    const result = await ingest(subscribe({ ...query, 'hub.challenge': '1158201444' }));
    expect(result.statusCode).toBe(403);
    expect(result.body).not.toContain('1158201444');
  });

  it('normalizes a comment on a page post into the post conversation', async () => {
    const { ingest, mentions } = ingestHarness();
    await ingest(signedWebhook('meta', fixture('meta', 'page-feed-comment.json')));
    expect(mentions()).toEqual([
      {
        id: 'facebook:998877665544332_1204958371029384',
        source: 'facebook',
        nativeId: '998877665544332_1204958371029384',
        kind: 'comment',
        brand: 'default',
        account: PAGE,
        author: { id: '7120398457102938', name: 'Marisol Ortega' },
        text: 'Two weeks and still no refund for my cancelled flight. Case number 55-1092. This is ridiculous.',
        conversationId: '104857291837465_998877665544332',
        inReplyToId: '104857291837465_998877665544332',
        createdAt: '2025-03-04T14:50:00.000Z',
        raw: { route: 'meta', eventType: 'feed.comment.add' },
      },
    ]);
  });

  it('keeps a visitor post, ignores the page own post and reactions', async () => {
    const { ingest, mentions } = ingestHarness();
    const result = await ingest(signedWebhook('meta', fixture('meta', 'page-feed-post.json')));
    expect(responseBody(result)).toEqual({ accepted: 1, ignored: 2 });
    expect(mentions()).toMatchObject([
      {
        kind: 'mention',
        author: { name: 'Priya Raman' },
        conversationId: '104857291837465_1011223344556677',
      },
    ]);
  });

  it('marks a comment by the page as a brand reply on the same post', async () => {
    const { ingest, mentions } = ingestHarness();
    await ingest(signedWebhook('meta', fixture('meta', 'page-comment-by-page.json')));
    expect(mentions()).toMatchObject([
      {
        kind: 'brand_reply',
        author: { id: PAGE },
        conversationId: '104857291837465_998877665544332',
        inReplyToId: '998877665544332_1204958371029384',
      },
    ]);
  });

  it('keeps an edit as a revision of the comment and a removal as a deletion', async () => {
    const { ingest, queued } = ingestHarness();
    await ingest(signedWebhook('meta', fixture('meta', 'page-comment-edited-removed.json')));
    const [edited, removed] = queued;
    expect(edited).toMatchObject({
      type: 'mention.received',
      mention: {
        text: expect.stringContaining('UPDATE: they called me'),
        conversationId: '104857291837465_998877665544332',
        revisionOf: '998877665544332_1204958371029384',
      },
    });
    expect(edited?.type === 'mention.received' && edited.mention.nativeId).toMatch(
      /^998877665544332_1204958371029384~rev-[0-9a-f]{16}$/,
    );
    expect(removed).toMatchObject({
      type: 'mention.deleted',
      mentionId: 'facebook:998877665544332_1204959900112233',
      source: 'facebook',
    });
  });

  it('reads a visitor post edit sent with the verb `edit` as a revision too', async () => {
    const { ingest, mentions } = ingestHarness();
    const body = fixture('meta', 'page-comment-phone-edited.json').replace(
      '"verb": "edited"',
      '"verb": "edit"',
    );
    await ingest(signedWebhook('meta', body));
    expect(mentions()).toMatchObject([
      { revisionOf: '998877665544332_1204961122334455', raw: { eventType: 'feed.comment.edit' } },
    ]);
  });

  it('gives a redelivered edit the same id, so triage sees it once', async () => {
    const { ingest, queued } = ingestHarness();
    const body = fixture('meta', 'page-comment-edited-removed.json');
    await ingest(signedWebhook('meta', body));
    await ingest(signedWebhook('meta', body));
    expect(queued[0]).toEqual(queued[2]);
  });

  it('normalizes a page mention', async () => {
    const { ingest, mentions } = ingestHarness();
    await ingest(signedWebhook('meta', fixture('meta', 'page-mention.json')));
    expect(mentions()).toMatchObject([
      {
        id: 'facebook:1837465029384756_4455667788990011',
        kind: 'mention',
        author: { id: '1837465029384756', name: 'Gabe Lindqvist' },
        text: 'Stuck on the tarmac for 2 hours with no water. Thanks Acme Air.',
      },
    ]);
  });

  it('normalizes Messenger messages, an echo as a brand reply in the customer thread, and ignores read receipts', async () => {
    const { ingest, mentions } = ingestHarness();
    const result = await ingest(signedWebhook('meta', fixture('meta', 'messenger.json')));
    expect(responseBody(result)).toEqual({ accepted: 3, ignored: 1 });
    expect(mentions()).toMatchObject([
      {
        source: 'messenger',
        kind: 'direct_message',
        author: { id: '25811290381726354' },
        conversationId: '25811290381726354',
      },
      {
        source: 'messenger',
        kind: 'brand_reply',
        author: { id: PAGE },
        conversationId: '25811290381726354',
      },
      {
        source: 'messenger',
        kind: 'direct_message',
        text: '[image]',
        createdAt: '2025-03-04T15:06:50.450Z',
      },
    ]);
  });

  it('normalizes Instagram comments, the account reply, mentions and messages', async () => {
    const { ingest, mentions } = ingestHarness();
    const result = await ingest(signedWebhook('meta', fixture('meta', 'instagram.json')));
    expect(responseBody(result)).toEqual({ accepted: 4, ignored: 1 });
    expect(mentions()).toMatchObject([
      {
        id: 'instagram:17865799348089039',
        kind: 'comment',
        account: INSTAGRAM,
        author: {
          id: '17841401122334455',
          handle: 'kai.travels',
          profileUrl: 'https://www.instagram.com/kai.travels',
        },
        conversationId: '18027462059182734',
        createdAt: '2025-03-04T16:16:41.000Z',
      },
      {
        kind: 'brand_reply',
        author: { id: INSTAGRAM },
        conversationId: '18027462059182734',
        inReplyToId: '17865799348089039',
      },
      {
        id: 'instagram:17873344556677889',
        kind: 'mention',
        author: { id: 'media-18031122334455667' },
      },
      {
        source: 'instagram',
        kind: 'direct_message',
        text: 'File reference MADAA48213, bag is a blue hard case.',
      },
    ]);
  });

  it('accepts the pages it knows and lists the refused ones when a batch mixes both', async () => {
    const { ingest, mentions, metricTotal } = ingestHarness({
      brands: [
        {
          id: 'acme-air',
          name: 'Acme Air',
          accounts: { x: [], facebook: [], instagram: [INSTAGRAM], trustpilot: [] },
        },
      ],
    });
    const instagram = JSON.parse(fixture('meta', 'instagram.json'));
    const body = JSON.stringify({
      object: 'instagram',
      entry: [...instagram.entry, { ...instagram.entry[0], id: '17840000000000001' }],
    });
    const result = await ingest(signedWebhook('meta', body));
    expect(result.statusCode).toBe(200);
    expect(responseBody(result)).toMatchObject({
      accepted: 4,
      refused: [{ network: 'instagram', account: '17840000000000001' }],
    });
    expect(mentions().every((mention) => mention.brand === 'acme-air')).toBe(true);
    expect(metricTotal('AccountsRefused')).toBe(1);
  });

  it.each([
    ['missing', {}, 'missing_signature'],
    ['not sha256', { 'x-hub-signature': 'sha1=0a4b' }, 'missing_signature'],
    ['malformed', { 'X-Hub-Signature-256': 'sha256=not-hex' }, 'malformed_signature'],
    [
      'made with the wrong secret',
      metaHeaders(fixture('meta', 'messenger.json'), 'other-app-secret'),
      'invalid_signature',
    ],
  ])('answers 401 when the signature is %s', async (_case, headers, code) => {
    const { ingest, queued } = ingestHarness();
    const result = await ingest(
      webhookEvent({ source: 'meta', body: fixture('meta', 'messenger.json'), headers }),
    );
    expect(result.statusCode).toBe(401);
    expect(errorCode(result)).toBe(code);
    expect(queued).toEqual([]);
  });

  it('verifies the signature whatever the case of the header name', async () => {
    const body = fixture('meta', 'messenger.json');
    const [[, signature]] = Object.entries(metaHeaders(body)) as [[string, string]];
    const { ingest } = ingestHarness();
    const result = await ingest(
      webhookEvent({ source: 'meta', body, headers: { 'X-Hub-Signature-256': signature } }),
    );
    expect(result.statusCode).toBe(200);
  });

  it('ignores objects other than page and instagram', async () => {
    const { ingest, queued } = ingestHarness();
    const body = JSON.stringify({
      object: 'permissions',
      entry: [
        {
          id: '7120398457102938',
          time: 1741105001,
          changes: [{ field: 'ads_management', value: { verb: 'granted' } }],
        },
      ],
    });
    const result = await ingest(signedWebhook('meta', body));
    expect(responseBody(result)).toEqual({ accepted: 0, ignored: 1 });
    expect(queued).toEqual([]);
  });

  it('acknowledges a delivery receipt without timestamp and a postback from a user_ref, and keeps the message batched with them', async () => {
    const { ingest, mentions, metricTotal } = ingestHarness();
    const result = await ingest(
      signedWebhook('meta', fixture('meta', 'messenger-receipts-postback.json')),
    );
    expect(result.statusCode).toBe(200);
    expect(responseBody(result)).toEqual({ accepted: 1, ignored: 2 });
    expect(mentions()).toMatchObject([
      {
        id: 'messenger:m_Rt5u9w3JksoP1qXe4Yb7DdE8v2hAi6w4nRb9kFP3zV',
        kind: 'direct_message',
        text: 'The refund still is not in my account and my rent is due tomorrow.',
      },
    ]);
    expect(metricTotal('EventsIgnored')).toBe(2);
  });

  it('dates a message without its own timestamp by its entry', async () => {
    const delivery = JSON.parse(fixture('meta', 'messenger.json'));
    delete delivery.entry[0].messaging[0].timestamp;
    const { ingest, mentions } = ingestHarness();
    await ingest(signedWebhook('meta', JSON.stringify(delivery)));
    expect(mentions()[0]?.createdAt).toBe('2025-03-04T15:02:10.211Z');
  });

  it('keeps the readable entries of a batch, answers 200 and names, counts and logs the unreadable one', async () => {
    const feed = JSON.parse(fixture('meta', 'page-feed-comment.json'));
    delete feed.entry[0].changes[0].value.verb;
    const messenger = JSON.parse(fixture('meta', 'messenger.json'));
    const batch = { object: 'page', entry: [...feed.entry, messenger.entry[0], { id: PAGE }] };
    const { ingest, mentions, metricTotal } = ingestHarness();
    const result = await ingest(signedWebhook('meta', JSON.stringify(batch)));
    expect(result.statusCode).toBe(200);
    expect(mentions()).toMatchObject([{ source: 'messenger', kind: 'direct_message' }]);
    expect(responseBody(result)).toMatchObject({
      accepted: 1,
      skipped: [
        { eventType: 'feed', issues: [{ path: 'verb' }] },
        { eventType: 'page', issues: [{ path: 'time' }] },
      ],
    });
    expect(metricTotal('EntriesSkipped')).toBe(2);
  });

  it('answers 400 naming the field when nothing in the delivery can be read', async () => {
    const feed = JSON.parse(fixture('meta', 'page-feed-comment.json'));
    delete feed.entry[0].changes[0].value.verb;
    const { ingest } = ingestHarness();
    const result = await ingest(signedWebhook('meta', JSON.stringify(feed)));
    expect(result.statusCode).toBe(400);
    expect(responseBody(result)).toMatchObject({
      error: { code: 'invalid_payload', issues: [{ path: 'verb' }] },
    });
  });
});
