/**
 * Standard Webhooks (https://www.standardwebhooks.com): the product's public integration contract,
 * so any review site, survey or listening tool can post mentions to `/webhooks/generic`.
 */
import * as z from 'zod';
import { HttpError, unauthorized } from '../../contracts/http-error';
import { MentionKind, mentionId } from '../../contracts/mention';
import {
  type NormalizeContext,
  type Platform,
  WebhookCollector,
  type WebhookRequest,
} from './platform';
import { digestsEqual, hmacSha256, requireSecret } from './signatures';

/** How far `webhook-timestamp` may be from real time, either way. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

const SECRET_PREFIX = 'whsec_';

export class WebhookSecretError extends Error {
  override name = 'WebhookSecretError';
}

/**
 * The signing keys of GENERIC_WEBHOOK_SECRETS: space-separated `whsec_<base64>` secrets, several
 * while a secret is being rotated.
 */
export const parseWebhookSecrets = (value: string): Buffer[] =>
  value
    .split(/\s+/)
    .filter((secret) => secret !== '')
    .map((secret, index) => {
      const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : '';
      const key = Buffer.from(encoded, 'base64');
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || key.length < 16) {
        throw new WebhookSecretError(
          `GENERIC_WEBHOOK_SECRETS entry ${index + 1} is not a whsec_<base64> secret of at least 16 bytes`,
        );
      }
      return key;
    });

/** The `webhook-signature` value for a body: `v1,<base64 HMAC-SHA256 of id.timestamp.body>`. */
export const signStandardWebhook = (
  secret: string,
  message: { id: string; timestamp: number; body: Buffer | string },
): string => {
  const [key] = parseWebhookSecrets(secret);
  if (!key) throw new WebhookSecretError('no secret to sign with');
  return `v1,${hmacSha256(key, signedContent(message.id, String(message.timestamp), message.body)).toString('base64')}`;
};

const signedContent = (id: string, timestamp: string, body: Buffer | string): Buffer =>
  Buffer.concat([
    Buffer.from(`${id}.${timestamp}.`),
    Buffer.isBuffer(body) ? body : Buffer.from(body),
  ]);

/** A secret that is set but unusable is a source not (yet) configured: 503, not a crash. */
const signingKeys = (secret: string): Buffer[] => {
  try {
    return parseWebhookSecrets(secret);
  } catch (error) {
    if (!(error instanceof WebhookSecretError)) throw error;
    throw new HttpError(
      503,
      'source_not_configured',
      `the generic webhook source is not configured: ${error.message}`,
      { cause: error },
    );
  }
};

const verifyStandardWebhook = async (
  request: WebhookRequest,
  secrets: Parameters<Platform['verify']>[1],
  now: Date,
): Promise<void> => {
  const keys = signingKeys(await requireSecret(secrets, 'GENERIC_WEBHOOK_SECRETS', 'generic'));
  const id = request.headers['webhook-id'];
  const timestamp = request.headers['webhook-timestamp'];
  const signature = request.headers['webhook-signature'];
  const missing = [
    ['webhook-id', id],
    ['webhook-timestamp', timestamp],
    ['webhook-signature', signature],
  ].filter(([, value]) => !value);
  if (missing.length > 0 || !id || !timestamp || !signature) {
    throw unauthorized(
      'missing_signature',
      `missing header${missing.length > 1 ? 's' : ''}: ${missing.map(([name]) => name).join(', ')}`,
    );
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw unauthorized('malformed_timestamp', 'webhook-timestamp must be Unix time in seconds');
  }
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) {
    throw unauthorized(
      'stale_timestamp',
      `webhook-timestamp is more than ${TIMESTAMP_TOLERANCE_SECONDS} seconds away from now`,
    );
  }
  // Several signatures may be sent (one per active secret); other schemes (v1a…) are not ours.
  const candidates = signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'base64'));
  if (candidates.length === 0) {
    throw unauthorized('malformed_signature', 'webhook-signature holds no v1,<base64> signature');
  }
  const content = signedContent(id, timestamp, request.body);
  const expected = keys.map((key) => hmacSha256(key, content));
  const verified = candidates.some((candidate) =>
    expected.some((digest) => digestsEqual(candidate, digest)),
  );
  if (!verified) {
    throw unauthorized(
      'invalid_signature',
      'webhook-signature does not match the body with any configured secret',
    );
  }
};

const isoDate = z.string().datetime({ offset: true });

/** `mention.created`: one post, comment, message or review addressed to a brand. */
export const MentionCreatedPayload = z
  .object({
    type: z.literal('mention.created'),
    timestamp: isoDate.describe('When the sender produced this webhook'),
    data: z.object({
      id: z
        .string()
        .min(1)
        .max(256)
        .describe('The mention id at its source; redeliveries reuse it'),
      source: z
        .string()
        .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/)
        .describe('Where the mention was posted, a lowercase slug such as `g2` or `survey`'),
      text: z.string().max(20_000),
      author: z.object({
        id: z.string().min(1).max(256),
        name: z.string().max(256).optional(),
        handle: z.string().max(256).optional(),
        followers: z.number().int().nonnegative().optional(),
        verified: z.boolean().optional(),
        profileUrl: z.string().url().optional(),
      }),
      createdAt: isoDate.describe('When the author posted it'),
      url: z.string().url().optional(),
      conversationId: z.string().min(1).max(256).optional(),
      inReplyToId: z.string().min(1).max(256).optional(),
      brand: z
        .string()
        .min(1)
        .optional()
        .describe('Brand id from configuration; required when several brands are configured'),
      rating: z.number().min(0).max(5).optional().describe('Review stars, 0–5'),
      language: z.string().min(2).max(35).optional().describe('BCP 47 language tag'),
      kind: MentionKind.optional().describe(
        'Defaults to `review` when a rating is given, else `mention`',
      ),
    }),
  })
  .meta({
    title: 'mention.created',
    description: 'A Standard Webhooks payload posting one brand mention to POST /webhooks/generic',
  });
export type MentionCreatedPayload = z.infer<typeof MentionCreatedPayload>;

/** `mention.deleted`: the author removed a mention posted before; its text is dropped. */
export const MentionDeletedPayload = z.object({
  type: z.literal('mention.deleted'),
  timestamp: isoDate,
  data: z.object({
    id: z.string().min(1).max(256),
    source: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/),
    deletedAt: isoDate.optional(),
  }),
});

const Envelope = z.object({ type: z.string().min(1) });

const normalizeStandardWebhook = (payload: unknown, context: NormalizeContext) => {
  const webhook = new WebhookCollector(context.receivedAt);
  const { type } = Envelope.parse(payload);
  if (type === 'mention.created') {
    const { data } = MentionCreatedPayload.parse(payload);
    const brand = context.brands.brandById(data.brand);
    if (brand === undefined) {
      webhook.refuse('brand', data.brand ?? '(none given)');
      return webhook;
    }
    webhook.received({
      id: mentionId(data.source, data.id),
      source: data.source,
      nativeId: data.id,
      kind: data.kind ?? (data.rating === undefined ? 'mention' : 'review'),
      brand,
      author: data.author,
      text: data.text,
      language: data.language,
      url: data.url,
      conversationId: data.conversationId,
      inReplyToId: data.inReplyToId,
      createdAt: data.createdAt,
      rating: data.rating,
      raw: { route: 'generic', eventType: type, deliveryId: context.request.headers['webhook-id'] },
    });
  } else if (type === 'mention.deleted') {
    const { data, timestamp } = MentionDeletedPayload.parse(payload);
    webhook.deleted(
      data.source,
      mentionId(data.source, data.id),
      new Date(data.deletedAt ?? timestamp),
    );
  } else {
    webhook.ignore(type);
  }
  return webhook;
};

export const genericPlatform: Platform = {
  route: 'generic',
  verify: verifyStandardWebhook,
  normalize: normalizeStandardWebhook,
};
