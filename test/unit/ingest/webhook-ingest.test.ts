import { MAX_TEXT_CHARS } from '../../../shared/adapters/platforms/ingest';
import {
  fixture,
  genericHeaders,
  metaHeaders,
  signedWebhook,
  webhookEvent,
} from '../../support/signed-webhooks';
import { errorCode, ingestHarness, responseBody } from '../platforms/ingest-harness';

describe('createWebhookIngest', () => {
  it('answers 404 naming the source when no platform has that route', async () => {
    const { ingest } = ingestHarness();
    const result = await ingest(webhookEvent({ source: 'tiktok', body: '{}' }));
    expect(result.statusCode).toBe(404);
    expect(responseBody(result)).toMatchObject({
      error: { code: 'not_found', message: 'no webhook source named "tiktok"' },
    });
  });

  it('answers 405 to a GET on a source without a handshake', async () => {
    const { ingest } = ingestHarness();
    const result = await ingest(webhookEvent({ source: 'generic', method: 'GET' }));
    expect(result.statusCode).toBe(405);
  });

  it('answers 413 when the body exceeds the configured limit, before checking anything else', async () => {
    const { ingest, queued } = ingestHarness({ maxBodyBytes: 1024 });
    const body = JSON.stringify({ padding: 'x'.repeat(2048) });
    const result = await ingest(webhookEvent({ source: 'generic', body }));
    expect(result.statusCode).toBe(413);
    expect(responseBody(result)).toMatchObject({
      error: { code: 'payload_too_large', message: 'request body exceeds 1024 bytes' },
    });
    expect(queued).toEqual([]);
  });

  it('verifies a base64-encoded body against the bytes the platform signed', async () => {
    const body = fixture('meta', 'instagram.json');
    const { ingest, queued } = ingestHarness();
    const result = await ingest(
      webhookEvent({ source: 'meta', body, headers: metaHeaders(body), base64: true }),
    );
    expect(result.statusCode).toBe(200);
    expect(queued).toHaveLength(4);
  });

  it('answers 400 naming the JSON problem when a signed body is not JSON', async () => {
    const body = '{"type":"mention.created",';
    const { ingest } = ingestHarness();
    const result = await ingest(
      webhookEvent({ source: 'generic', body, headers: genericHeaders(body) }),
    );
    expect(result.statusCode).toBe(400);
    expect(errorCode(result)).toBe('malformed_json');
    expect(responseBody(result)).toMatchObject({
      error: { message: expect.stringMatching(/^the body is not JSON: /) },
    });
  });

  it('answers 503 naming the secret when a source is not configured', async () => {
    const { ingest } = ingestHarness({ secrets: {} });
    const result = await ingest(signedWebhook('x', fixture('x', 'tweet-mention.json')));
    expect(result.statusCode).toBe(503);
    expect(responseBody(result)).toMatchObject({
      error: {
        code: 'source_not_configured',
        message: 'the x webhook source is not configured (secret X_CONSUMER_SECRET is not set)',
      },
    });
  });

  it('answers 503 when the generic source’s secret is set but is no whsec_ secret', async () => {
    const body = fixture('generic', 'mention-created.json');
    const { ingest, queued } = ingestHarness({
      secrets: { GENERIC_WEBHOOK_SECRETS: 'fill-me-in' },
    });
    const result = await ingest(
      webhookEvent({ source: 'generic', body, headers: genericHeaders(body) }),
    );
    expect(result.statusCode).toBe(503);
    expect(responseBody(result)).toMatchObject({
      error: {
        code: 'source_not_configured',
        message: expect.stringContaining('GENERIC_WEBHOOK_SECRETS entry 1 is not a whsec_'),
      },
    });
    expect(queued).toEqual([]);
  });

  it('answers 503 so the platform retries when the queue does not accept every mention', async () => {
    const { ingest, metricTotal } = ingestHarness({
      enqueue: async () => {
        throw new Error('SQS refused 2 of 3 messages');
      },
    });
    const result = await ingest(signedWebhook('meta', fixture('meta', 'messenger.json')));
    expect(result.statusCode).toBe(503);
    expect(errorCode(result)).toBe('queue_unavailable');
    expect(result.body).not.toContain('SQS refused');
    expect(metricTotal('WebhooksFailed')).toBe(1);
    expect(metricTotal('MentionsReceived')).toBe(0);
  });

  it('answers 200 only after the queue resolved', async () => {
    let release: () => void = () => {};
    const accepted = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { ingest } = ingestHarness({ enqueue: () => accepted });
    let answered = false;
    const response = ingest(signedWebhook('x', fixture('x', 'tweet-mention.json'))).then(
      (result) => {
        answered = true;
        return result;
      },
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    release();
    expect((await response).statusCode).toBe(200);
  });

  it(`cuts mention texts to ${MAX_TEXT_CHARS} characters so every mention fits a queue message`, async () => {
    const post = JSON.parse(fixture('meta', 'page-feed-post.json'));
    post.entry[0].changes[0].value.message = 'ä'.repeat(MAX_TEXT_CHARS + 500);
    const { ingest, mentions } = ingestHarness();
    await ingest(signedWebhook('meta', JSON.stringify(post)));
    expect(mentions()[0]?.text).toHaveLength(MAX_TEXT_CHARS);
  });

  it('reads header names in any case', async () => {
    const body = fixture('generic', 'mention-created.json');
    const headers = Object.fromEntries(
      Object.entries(genericHeaders(body)).map(([name, value]) => [name.toUpperCase(), value]),
    );
    const { ingest } = ingestHarness();
    const result = await ingest(webhookEvent({ source: 'generic', body, headers }));
    expect(result.statusCode).toBe(200);
  });
});
