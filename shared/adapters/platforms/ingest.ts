import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ZodError } from 'zod';
import { badRequest, HttpError, notFound, payloadTooLarge } from '../../contracts/http-error';
import { type BusinessMetric, METRICS } from '../../contracts/metrics';
import { QueueMessage } from '../../contracts/queue-message';
import type { SecretSource } from '../../contracts/secrets';
import type { BrandDirectory } from '../../domain/config/brands';
import type { Clock } from '../../use-cases/ports/clock';
import { errorResponse, jsonResponse } from '../http/http-response';
import {
  describeIssues,
  type NormalizedWebhook,
  type PayloadIssue,
  type Platform,
  payloadIssues,
  type RefusedAccount,
  type SkippedEntry,
  type WebhookRequest,
} from './platform';

/** Longer texts are cut to this many characters so that every mention fits one SQS message. */
export const MAX_TEXT_CHARS = 20_000;

export interface WebhookIngestDependencies {
  readonly platforms: ReadonlyMap<string, Platform>;
  readonly brands: BrandDirectory;
  readonly secrets: SecretSource;
  /** Business time: stamps when mentions were received. */
  readonly clock: Clock;
  /** Real time: signature timestamps are checked against it, never against the business clock. */
  readonly realTime: () => Date;
  readonly maxBodyBytes: number;
  /** Resolves once the queue accepted every message. */
  readonly enqueue: (messages: readonly QueueMessage[]) => Promise<void>;
  /**
   * The mentions among these ids that triage already recorded, so the answer can say a delivery
   * was a duplicate when its sender asks (they are queued all the same; triage records each id once).
   */
  readonly recorded?: (mentionIds: readonly string[]) => Promise<ReadonlySet<string>>;
  readonly logger: Logger;
  readonly metrics: IngestMetrics;
}

/** What one webhook request counted, by metric; only counts above zero are present. */
export type IngestCounts = ReadonlyMap<BusinessMetric, number>;

/** Where the ingest reports each request's counts: once per request, with at least one count. */
export interface IngestMetrics {
  publish(source: string, counts: IngestCounts): void;
}

/** The `source` dimension of a request for a route no platform serves (kept to one value). */
export const UNKNOWN_SOURCE = 'unknown';

/** The request as signed: header names lower-cased, API Gateway's base64 bodies decoded. */
export const toWebhookRequest = (event: APIGatewayProxyEventV2): WebhookRequest => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]},${value}`;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) query[name] = value;
  }
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  return { method: event.requestContext.http.method.toUpperCase(), headers, query, body };
};

/** The body as text: API Gateway's own string, decoded again only when it came base64-encoded. */
const bodyText = (event: APIGatewayProxyEventV2, request: WebhookRequest): string =>
  event.isBase64Encoded ? request.body.toString('utf8') : (event.body ?? '');

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest('malformed_json', `the body is not JSON: ${(error as Error).message}`, error);
  }
};

const invalidPayload = (
  route: string,
  issues: readonly PayloadIssue[],
  options: { cause?: unknown; details?: Record<string, unknown> } = {},
): HttpError =>
  new HttpError(
    400,
    'invalid_payload',
    `the ${route} payload is invalid: ${describeIssues(issues)}`,
    {
      cause: options.cause,
      details: { issues, ...options.details },
    },
  );

const boundText = (message: QueueMessage): QueueMessage =>
  message.type === 'mention.received' && message.mention.text.length > MAX_TEXT_CHARS
    ? {
        ...message,
        mention: { ...message.mention, text: message.mention.text.slice(0, MAX_TEXT_CHARS) },
      }
    : message;

/**
 * Normalizes and checks every message against the queue contract. An envelope that does not parse
 * is a 400; a message that breaks the contract is skipped like an unreadable entry.
 */
const normalize = (
  platform: Platform,
  payload: unknown,
  context: Parameters<Platform['normalize']>[1],
): NormalizedWebhook & { messages: QueueMessage[] } => {
  let webhook: NormalizedWebhook;
  try {
    webhook = platform.normalize(payload, context);
  } catch (error) {
    if (error instanceof ZodError) {
      throw invalidPayload(platform.route, payloadIssues(error), { cause: error });
    }
    throw error;
  }
  const messages: QueueMessage[] = [];
  const skipped: SkippedEntry[] = [...webhook.skipped];
  for (const message of webhook.messages) {
    const checked = QueueMessage.safeParse(boundText(message));
    if (checked.success) messages.push(checked.data);
    else {
      const eventType =
        message.type === 'mention.received' ? message.mention.raw.eventType : message.type;
      skipped.push({ eventType, issues: payloadIssues(checked.error) });
    }
  }
  return { ...webhook, messages, skipped };
};

const unknownAccounts = (refused: readonly RefusedAccount[]): HttpError =>
  new HttpError(
    403,
    'unknown_account',
    `no configured brand owns ${refused.map((entry) => `${entry.network} ${entry.account}`).join(', ')}`,
    { details: { refused } },
  );

/** Nothing in the webhook could be read: the sender learns which fields, nothing else is lost. */
const unreadableEntries = (route: string, skipped: readonly SkippedEntry[]): HttpError =>
  invalidPayload(
    route,
    skipped.flatMap((entry) => entry.issues),
    { details: { skipped } },
  );

const sourceOf = (message: QueueMessage): string =>
  message.type === 'mention.received' ? message.mention.source : message.source;

/**
 * The sources a route may write: its own, or for a route without its own (generic) any that no
 * platform route claims. Whoever holds the generic secret cannot write, answer or delete X,
 * Facebook or Trustpilot mentions, which only their signed routes deliver.
 */
const sourceGuard = (platforms: ReadonlyMap<string, Platform>) => {
  const claimed = new Map<string, string>();
  for (const platform of platforms.values()) {
    for (const source of platform.sources ?? []) claimed.set(source, platform.route);
  }
  return (platform: Platform, messages: readonly QueueMessage[]): void => {
    const foreign = [
      ...new Set(
        messages
          .map(sourceOf)
          .filter((source) =>
            platform.sources ? !platform.sources.includes(source) : claimed.has(source),
          ),
      ),
    ];
    if (foreign.length === 0) return;
    throw new HttpError(
      403,
      'source_not_allowed',
      foreign
        .map((source) => {
          const owner = claimed.get(source);
          return owner
            ? `source "${source}" is received only through /webhooks/${owner}`
            : `source "${source}" is not one /webhooks/${platform.route} delivers`;
        })
        .join('; '),
      { details: { sources: foreign } },
    );
  };
};

type Count = (metric: BusinessMetric, value: number) => void;

const countOf = (values: readonly string[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
};

/** The query parameter with which a sender asks the answer to count mentions already recorded. */
export const COUNT_DUPLICATES_PARAMETER = 'countDuplicates';

/**
 * Whether the sender asked for `duplicates` (`?countDuplicates=true`). Counting them reads the
 * table once a delivery; platforms ignore the answer's body, so only a sender that asks pays for
 * it (`responder replay` does).
 */
const wantsDuplicateCount = (request: WebhookRequest): boolean => {
  const value = request.query[COUNT_DUPLICATES_PARAMETER];
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw badRequest(
    'invalid_query',
    `${COUNT_DUPLICATES_PARAMETER} must be true or false, not ${JSON.stringify(value)}`,
  );
};

/**
 * How many of the mentions triage already recorded; undefined when none, or when the table could
 * not tell (the answer then says nothing of duplicates: the delivery is taken all the same).
 */
const countRecorded = async (
  deps: WebhookIngestDependencies,
  mentionIds: readonly string[],
): Promise<number | undefined> => {
  if (!deps.recorded || mentionIds.length === 0) return undefined;
  try {
    const recorded = await deps.recorded(mentionIds);
    const count = mentionIds.filter((id) => recorded.has(id)).length;
    return count > 0 ? count : undefined;
  } catch (error) {
    deps.logger.warn('could not tell whether the mentions were duplicates', {
      error: error as Error,
    });
    return undefined;
  }
};

/**
 * The ingest use case: authenticate a platform webhook, normalize it, and answer 2xx only once
 * the queue accepted every mention. Bad input is a 4xx naming the problem, never a 5xx.
 */
export const createWebhookIngest = (deps: WebhookIngestDependencies) => {
  const { logger } = deps;
  const checkSources = sourceGuard(deps.platforms);

  const receive = async (
    platform: Platform,
    event: APIGatewayProxyEventV2,
    request: WebhookRequest,
    count: Count,
  ) => {
    if (request.method === 'GET') {
      if (!platform.answerChallenge) {
        throw new HttpError(
          405,
          'method_not_allowed',
          `the ${platform.route} source takes POST only`,
        );
      }
      const answer = await platform.answerChallenge(request, deps.secrets);
      count(METRICS.challengesAnswered, 1);
      return {
        statusCode: 200,
        headers: { 'content-type': answer.contentType },
        body: answer.body,
      };
    }
    if (request.method !== 'POST') {
      throw new HttpError(405, 'method_not_allowed', `${request.method} is not supported`);
    }
    await platform.verify(request, deps.secrets, deps.realTime());
    const countDuplicates = wantsDuplicateCount(request);
    const webhook = normalize(platform, parseJson(bodyText(event, request)), {
      request,
      brands: deps.brands,
      receivedAt: deps.clock.now(),
    });
    const { messages, ignored, refused, skipped } = webhook;
    checkSources(platform, messages);
    count(METRICS.eventsIgnored, ignored.length);
    count(METRICS.accountsRefused, refused.length);
    count(METRICS.entriesSkipped, skipped.length);
    if (refused.length > 0) logger.warn('mentions for unknown accounts refused', { refused });
    for (const entry of skipped) {
      logger.warn('webhook entry skipped', {
        route: platform.route,
        eventType: entry.eventType,
        reason: describeIssues(entry.issues),
        deliveryId: request.headers['webhook-id'],
      });
    }
    if (messages.length === 0 && refused.length > 0) throw unknownAccounts(refused);
    if (messages.length === 0 && ignored.length === 0 && skipped.length > 0) {
      throw unreadableEntries(platform.route, skipped);
    }
    const mentionIds = messages.map((message) =>
      message.type === 'mention.received' ? message.mention.id : message.mentionId,
    );
    // Asked before queueing, so a mention triaged at once is never counted as its own duplicate.
    const duplicates = countDuplicates ? await countRecorded(deps, mentionIds) : undefined;
    if (messages.length > 0) {
      try {
        await deps.enqueue(messages);
      } catch (error) {
        throw new HttpError(503, 'queue_unavailable', 'the mentions could not be queued; retry', {
          cause: error,
        });
      }
    }
    count(METRICS.mentionsReceived, messages.length);
    logger.info('webhook accepted', {
      mentionIds,
      ignored: countOf(ignored),
      deliveryId: request.headers['webhook-id'],
    });
    return jsonResponse(200, {
      accepted: messages.length,
      ignored: ignored.length,
      ...(duplicates ? { duplicates } : {}),
      ...(refused.length > 0 ? { refused } : {}),
      ...(skipped.length > 0 ? { skipped } : {}),
    });
  };

  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const route = event.pathParameters?.source ?? '';
    const platform = deps.platforms.get(route);
    // Counted per request and published once at its end, so concurrent requests never mix.
    const counts = new Map<BusinessMetric, number>();
    const count: Count = (metric, value) => {
      if (value > 0) counts.set(metric, (counts.get(metric) ?? 0) + value);
    };
    try {
      if (!platform) throw notFound(`no webhook source named "${route}"`);
      const request = toWebhookRequest(event);
      if (request.body.length > deps.maxBodyBytes) throw payloadTooLarge(deps.maxBodyBytes);
      return await receive(platform, event, request, count);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      if (status >= 500) logger.error('webhook failed', { route, error: error as Error });
      else {
        const { code, message } = error as HttpError;
        logger.warn('webhook rejected', { route, status, code, reason: message });
      }
      count(status >= 500 ? METRICS.webhooksFailed : METRICS.webhooksRejected, 1);
      return errorResponse(error);
    } finally {
      if (counts.size > 0) deps.metrics.publish(platform?.route ?? UNKNOWN_SOURCE, counts);
    }
  };
};
