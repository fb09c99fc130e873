import {
  parseWebhookSecrets,
  signStandardWebhook,
} from '../../../shared/adapters/platforms/generic';
import {
  fixture,
  genericHeaders,
  signedWebhook,
  TEST_SECRETS,
  webhookEvent,
} from '../../support/signed-webhooks';
import { errorCode, ingestHarness, responseBody } from './ingest-harness';

const NEXT_SECRET = `whsec_${Buffer.from('generic-webhook-signing-key-0002').toString('base64')}`;
const acme = { id: 'acme', name: 'Acme Cloud' };
const globex = { id: 'globex', name: 'Globex' };

const post = (body: string, headers: Record<string, string>) =>
  webhookEvent({ source: 'generic', body, headers });

describe('genericPlatform', () => {
  it('normalizes mention.created into a mention keyed by source and id, with the delivery id', async () => {
    const { ingest, mentions } = ingestHarness({ brands: [acme, globex] });
    const body = fixture('generic', 'mention-created.json');
    const result = await ingest(post(body, genericHeaders(body, { id: 'msg_31x9Qz' })));
    expect(result.statusCode).toBe(200);
    expect(mentions()).toEqual([
      {
        id: 'g2:rev_8f3a21c9',
        source: 'g2',
        nativeId: 'rev_8f3a21c9',
        kind: 'review',
        brand: 'acme',
        author: { id: 'usr_55120', name: 'Tomás Ibarra', handle: 'tibarra', followers: 230 },
        text: 'Support ignored our outage ticket for two days. We are evaluating other vendors before renewal.',
        language: 'en',
        url: 'https://www.g2.example/products/acme-cloud/reviews/rev_8f3a21c9',
        conversationId: 'rev_8f3a21c9',
        createdAt: '2025-03-04T16:04:58.000Z',
        rating: 2,
        raw: { route: 'generic', eventType: 'mention.created', deliveryId: 'msg_31x9Qz' },
      },
    ]);
  });

  it('turns mention.deleted into a deletion of the same mention id', async () => {
    const { ingest, queued } = ingestHarness();
    await ingest(signedWebhook('generic', fixture('generic', 'mention-deleted.json')));
    expect(queued).toMatchObject([
      {
        type: 'mention.deleted',
        mentionId: 'g2:rev_8f3a21c9',
        deletedAt: '2025-03-05T08:59:41.000Z',
      },
    ]);
  });

  it.each([
    ['x', 'x'],
    ['facebook', 'meta'],
    ['messenger', 'meta'],
    ['trustpilot', 'trustpilot'],
  ])(
    'refuses with 403 a mention of source %s, which only /webhooks/%s delivers',
    async (source, route) => {
      const { ingest, queued, metricTotal } = ingestHarness();
      const created = JSON.parse(fixture('generic', 'mention-created.json'));
      created.data = { ...created.data, source, id: '1896948212113408112', kind: 'brand_reply' };
      delete created.data.brand;
      const result = await ingest(signedWebhook('generic', JSON.stringify(created)));
      expect(result.statusCode).toBe(403);
      expect(responseBody(result)).toMatchObject({
        error: {
          code: 'source_not_allowed',
          message: `source "${source}" is received only through /webhooks/${route}`,
        },
      });
      expect(queued).toEqual([]);
      expect(metricTotal('WebhooksRejected')).toBe(1);
    },
  );

  it('refuses with 403 a deletion of an X mention', async () => {
    const { ingest, queued } = ingestHarness();
    const deleted = JSON.parse(fixture('generic', 'mention-deleted.json'));
    deleted.data.source = 'x';
    const result = await ingest(signedWebhook('generic', JSON.stringify(deleted)));
    expect(result.statusCode).toBe(403);
    expect(errorCode(result)).toBe('source_not_allowed');
    expect(queued).toEqual([]);
  });

  it('acknowledges and ignores event types it does not know', async () => {
    const { ingest, queued } = ingestHarness();
    const body = JSON.stringify({
      type: 'survey.completed',
      timestamp: '2025-03-04T16:05:12Z',
      data: {},
    });
    const result = await ingest(signedWebhook('generic', body));
    expect(responseBody(result)).toEqual({ accepted: 0, ignored: 1 });
    expect(queued).toEqual([]);
  });

  it('accepts any of several signatures and any of several configured secrets while a secret rotates', async () => {
    const { ingest, queued } = ingestHarness({
      secrets: {
        GENERIC_WEBHOOK_SECRETS: `${NEXT_SECRET} ${TEST_SECRETS.GENERIC_WEBHOOK_SECRETS}`,
      },
    });
    const body = fixture('generic', 'mention-created.json');
    const headers = genericHeaders(body);
    const stranger = signStandardWebhook(
      `whsec_${Buffer.from('somebody-elses-key-000000').toString('base64')}`,
      {
        id: headers['webhook-id'] ?? '',
        timestamp: Number(headers['webhook-timestamp']),
        body,
      },
    );
    const result = await ingest(
      post(body, {
        ...headers,
        'webhook-signature': `v1a,c29tZQ== ${stranger} ${headers['webhook-signature']}`,
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(queued).toHaveLength(1);
  });

  it.each([
    ['no webhook headers are sent', () => ({}), 'missing_signature'],
    [
      'the timestamp is not Unix seconds',
      (body: string) => ({ ...genericHeaders(body), 'webhook-timestamp': '2025-03-04T16:05:12Z' }),
      'malformed_timestamp',
    ],
    [
      'the timestamp is six minutes old',
      (body: string) => genericHeaders(body, { timestamp: Math.floor(Date.now() / 1000) - 360 }),
      'stale_timestamp',
    ],
    [
      'the timestamp is six minutes ahead',
      (body: string) => genericHeaders(body, { timestamp: Math.floor(Date.now() / 1000) + 360 }),
      'stale_timestamp',
    ],
    [
      'the signature has no v1 entry',
      (body: string) => ({ ...genericHeaders(body), 'webhook-signature': 'v1a,c29tZQ==' }),
      'malformed_signature',
    ],
    [
      'it is made with another secret',
      (body: string) => genericHeaders(body, { secret: NEXT_SECRET }),
      'invalid_signature',
    ],
    [
      'the body was changed after signing',
      (body: string) => genericHeaders(body.replace('two days', 'one day')),
      'invalid_signature',
    ],
    [
      'the webhook id was changed after signing',
      (body: string) => ({ ...genericHeaders(body), 'webhook-id': 'msg_other' }),
      'invalid_signature',
    ],
  ])('answers 401 when %s', async (_case, headersFor, code) => {
    const { ingest, queued } = ingestHarness();
    const body = fixture('generic', 'mention-created.json');
    const result = await ingest(post(body, headersFor(body)));
    expect(result.statusCode).toBe(401);
    expect(errorCode(result)).toBe(code);
    expect(queued).toEqual([]);
  });

  it('names every missing header', async () => {
    const { ingest } = ingestHarness();
    const result = await ingest(post('{}', { 'webhook-id': 'msg_1' }));
    expect(responseBody(result)).toMatchObject({
      error: { message: 'missing headers: webhook-timestamp, webhook-signature' },
    });
  });

  it('refuses with 403 a mention for a brand that is not configured', async () => {
    const { ingest, queued } = ingestHarness({ brands: [globex] });
    const result = await ingest(
      signedWebhook('generic', fixture('generic', 'mention-created.json')),
    );
    expect(result.statusCode).toBe(403);
    expect(responseBody(result)).toMatchObject({
      error: { code: 'unknown_account', message: 'no configured brand owns brand acme' },
    });
    expect(queued).toEqual([]);
  });

  it('files a mention without a brand under the only configured brand', async () => {
    const created = JSON.parse(fixture('generic', 'mention-created.json'));
    delete created.data.brand;
    const { ingest, mentions } = ingestHarness({ brands: [globex] });
    await ingest(signedWebhook('generic', JSON.stringify(created)));
    expect(mentions()[0]?.brand).toBe('globex');
  });

  it('answers 400 naming each invalid field', async () => {
    const created = JSON.parse(fixture('generic', 'mention-created.json'));
    created.data.source = 'G2 Crowd';
    created.data.url = 'not a url';
    const { ingest } = ingestHarness();
    const result = await ingest(signedWebhook('generic', JSON.stringify(created)));
    expect(result.statusCode).toBe(400);
    expect(responseBody(result)).toMatchObject({
      error: { code: 'invalid_payload', issues: [{ path: 'data.source' }, { path: 'data.url' }] },
    });
  });
});

describe('parseWebhookSecrets', () => {
  it('decodes space-separated whsec_ secrets', () => {
    expect(
      parseWebhookSecrets(` ${TEST_SECRETS.GENERIC_WEBHOOK_SECRETS}  ${NEXT_SECRET} `).map(String),
    ).toEqual(['generic-webhook-signing-key-0001', 'generic-webhook-signing-key-0002']);
  });

  it('names the entry that is not a whsec_ secret', () => {
    expect(() => parseWebhookSecrets(`${NEXT_SECRET} supersecret`)).toThrow(
      'GENERIC_WEBHOOK_SECRETS entry 2 is not a whsec_<base64> secret of at least 16 bytes',
    );
  });
});
