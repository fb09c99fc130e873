import {
  fixture,
  signedWebhook,
  trustpilotHeaders,
  webhookEvent,
} from '../../support/signed-webhooks';
import { errorCode, ingestHarness, responseBody } from './ingest-harness';

const BUSINESS_UNIT = '46d6a890000064000500e0c3';
const acme = {
  id: 'acme-air',
  name: 'Acme Air',
  accounts: { x: [], facebook: [], instagram: [], trustpilot: [BUSINESS_UNIT] },
};

describe('trustpilotPlatform', () => {
  it('normalizes a new review with its stars, title and public link', async () => {
    const { ingest, mentions } = ingestHarness({ brands: [acme] });
    const result = await ingest(
      signedWebhook('trustpilot', fixture('trustpilot', 'review-created.json'), {
        businessUnit: BUSINESS_UNIT,
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(mentions()).toEqual([
      {
        id: 'trustpilot:67c71b2e9f3a4c0012a8e5d1',
        source: 'trustpilot',
        nativeId: '67c71b2e9f3a4c0012a8e5d1',
        kind: 'review',
        brand: 'acme-air',
        account: BUSINESS_UNIT,
        author: {
          id: '5f0c1a9d7b2e4a00183c6f42',
          name: 'Harriet Cole',
          profileUrl: 'https://www.trustpilot.com/users/5f0c1a9d7b2e4a00183c6f42',
        },
        text: 'Refund promised, never arrived\n\nFlight cancelled on 12 Feb. Was told the refund takes 7 days. It has been three weeks and the chat agent keeps closing my ticket.',
        language: 'en',
        url: 'https://www.trustpilot.com/reviews/67c71b2e9f3a4c0012a8e5d1',
        conversationId: '67c71b2e9f3a4c0012a8e5d1',
        createdAt: '2025-03-04T15:42:06.000Z',
        rating: 1,
        raw: { route: 'trustpilot', eventType: 'service-review-created' },
      },
    ]);
  });

  it('keeps an updated review as a revision in the review conversation and a deleted one as a deletion', async () => {
    const { ingest, queued } = ingestHarness();
    await ingest(signedWebhook('trustpilot', fixture('trustpilot', 'review-updated-deleted.json')));
    expect(queued).toMatchObject([
      {
        type: 'mention.received',
        mention: {
          nativeId: expect.stringMatching(/^67c71b2e9f3a4c0012a8e5d1~rev-[0-9a-f]{16}$/),
          revisionOf: '67c71b2e9f3a4c0012a8e5d1',
          rating: 3,
          conversationId: '67c71b2e9f3a4c0012a8e5d1',
          brand: 'default',
        },
      },
      { type: 'mention.deleted', mentionId: 'trustpilot:67b20fe41c8d3a0011f7a9c4' },
    ]);
  });

  it('ignores event names it does not handle', async () => {
    const { ingest, queued } = ingestHarness();
    const body = JSON.stringify({
      events: [{ eventName: 'product-review-created', version: '1', eventData: { id: 'p1' } }],
    });
    const result = await ingest(signedWebhook('trustpilot', body));
    expect(responseBody(result)).toEqual({ accepted: 0, ignored: 1 });
    expect(queued).toEqual([]);
  });

  it('refuses with 403 a subscription URL without a configured business unit', async () => {
    const { ingest, queued } = ingestHarness({ brands: [acme] });
    const result = await ingest(
      signedWebhook('trustpilot', fixture('trustpilot', 'review-created.json')),
    );
    expect(result.statusCode).toBe(403);
    expect(errorCode(result)).toBe('unknown_account');
    expect(queued).toEqual([]);
  });

  it.each([
    ['missing', {}, 'missing_credentials'],
    ['not Basic', { authorization: 'Bearer abc' }, 'malformed_credentials'],
    ['wrong', trustpilotHeaders('trustpilot:guessed'), 'invalid_credentials'],
  ])('answers 401 when the credentials are %s', async (_case, headers, code) => {
    const { ingest, queued } = ingestHarness();
    const result = await ingest(
      webhookEvent({
        source: 'trustpilot',
        body: fixture('trustpilot', 'review-created.json'),
        headers,
      }),
    );
    expect(result.statusCode).toBe(401);
    expect(errorCode(result)).toBe(code);
    expect(queued).toEqual([]);
  });

  it('answers 400 naming the field when the stars are out of range', async () => {
    const review = JSON.parse(fixture('trustpilot', 'review-created.json'));
    review.events[0].eventData.stars = 9;
    const { ingest } = ingestHarness();
    const result = await ingest(signedWebhook('trustpilot', JSON.stringify(review)));
    expect(result.statusCode).toBe(400);
    expect(responseBody(result)).toMatchObject({ error: { issues: [{ path: 'stars' }] } });
  });
});
