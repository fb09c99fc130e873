/**
 * Trustpilot service review webhooks. Trustpilot signs nothing, so the subscription URL carries
 * HTTP Basic credentials (`https://user:password@host/webhooks/trustpilot?businessUnit=<id>`),
 * compared in constant time with TRUSTPILOT_BASIC_AUTH.
 */
import * as z from 'zod';
import { unauthorized } from '../../contracts/http-error';
import { mentionId } from '../../contracts/mention';
import { PlatformDate, revisionId } from './mention-fields';
import { type NormalizeContext, type Platform, WebhookCollector } from './platform';
import { requireSecret, secretsEqual } from './signatures';

const SOURCE = 'trustpilot';

/** The query parameter naming the business unit a subscription URL is for. */
export const BUSINESS_UNIT_PARAMETER = 'businessUnit';

const Review = z.object({
  id: z.string().min(1),
  language: z.string().optional(),
  title: z.string().nullish(),
  text: z.string().nullish(),
  stars: z.number().int().min(1).max(5),
  createdAt: PlatformDate,
  consumer: z.object({ id: z.string().min(1), name: z.string().optional() }),
  referenceId: z.string().nullish(),
});

const DeletedReview = z.object({ id: z.string().min(1) });

const TrustpilotWebhook = z.object({
  events: z.array(z.object({ eventName: z.string(), eventData: z.unknown() })),
});

const verifyBasicAuth: Platform['verify'] = async (request, secrets) => {
  const expected = await requireSecret(secrets, 'TRUSTPILOT_BASIC_AUTH', SOURCE);
  const header = request.headers.authorization?.trim();
  if (!header) throw unauthorized('missing_credentials', 'the authorization header is missing');
  const match = /^basic\s+([A-Za-z0-9+/]+={0,2})$/i.exec(header);
  if (!match?.[1]) {
    throw unauthorized(
      'malformed_credentials',
      'the authorization header must be Basic <base64 user:password>',
    );
  }
  if (!secretsEqual(Buffer.from(match[1], 'base64').toString('utf8'), expected)) {
    throw unauthorized('invalid_credentials', 'the Basic credentials do not match');
  }
};

interface ReviewScope {
  readonly webhook: WebhookCollector;
  readonly brand: string;
  readonly businessUnit: string | undefined;
  readonly receivedAt: Date;
}

const reviewEvent = (scope: ReviewScope, eventName: string, eventData: unknown): void => {
  const { webhook } = scope;
  if (eventName === 'service-review-deleted') {
    const { id } = DeletedReview.parse(eventData);
    webhook.deleted(SOURCE, mentionId(SOURCE, id), scope.receivedAt);
    return;
  }
  if (eventName !== 'service-review-created' && eventName !== 'service-review-updated') {
    webhook.ignore(eventName);
    return;
  }
  const review = Review.parse(eventData);
  const text = [review.title, review.text].filter(Boolean).join('\n\n');
  const updated = eventName === 'service-review-updated';
  const nativeId = updated ? revisionId(review.id, review.stars, text) : review.id;
  webhook.received({
    id: mentionId(SOURCE, nativeId),
    source: SOURCE,
    nativeId,
    ...(updated ? { revisionOf: review.id } : {}),
    kind: 'review',
    brand: scope.brand,
    account: scope.businessUnit,
    author: {
      id: review.consumer.id,
      name: review.consumer.name,
      profileUrl: `https://www.trustpilot.com/users/${encodeURIComponent(review.consumer.id)}`,
    },
    text,
    language: review.language,
    url: `https://www.trustpilot.com/reviews/${encodeURIComponent(review.id)}`,
    conversationId: review.id,
    createdAt: review.createdAt.toISOString(),
    rating: review.stars,
    raw: { route: SOURCE, eventType: eventName },
  });
};

const normalizeTrustpilotWebhook = (payload: unknown, context: NormalizeContext) => {
  const webhook = new WebhookCollector(context.receivedAt);
  const { events } = TrustpilotWebhook.parse(payload);
  const businessUnit = context.request.query[BUSINESS_UNIT_PARAMETER];
  const brand = context.brands.brandOfAccount('trustpilot', businessUnit);
  if (brand === undefined) {
    webhook.refuse('trustpilot', businessUnit ?? `(no ${BUSINESS_UNIT_PARAMETER} parameter)`);
    return webhook;
  }
  const scope: ReviewScope = { webhook, brand, businessUnit, receivedAt: context.receivedAt };
  for (const { eventName, eventData } of events) {
    webhook.entry(eventName, () => reviewEvent(scope, eventName, eventData));
  }
  return webhook;
};

export const trustpilotPlatform: Platform = {
  route: SOURCE,
  sources: [SOURCE],
  verify: verifyBasicAuth,
  normalize: normalizeTrustpilotWebhook,
};
