/** The ingest use case with real platforms and an in-memory queue, for unit tests. */
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { createWebhookIngest } from '../../../shared/adapters/platforms/ingest';
import { PLATFORMS } from '../../../shared/adapters/platforms/registry';
import type { QueueMessage } from '../../../shared/contracts/queue-message';
import { type SecretName, secretsFromMap } from '../../../shared/contracts/secrets';
import { Brand, brandDirectory } from '../../../shared/domain/config/brands';
import { TEST_SECRETS } from '../../support/signed-webhooks';

/** Business time of the test deployment (real time is used for signature timestamps). */
export const RECEIVED_AT = '2025-03-04T16:05:13.000Z';

export interface IngestHarnessOptions {
  readonly brands?: z.input<typeof Brand>[];
  readonly secrets?: Partial<Record<SecretName, string>>;
  readonly enqueue?: (messages: readonly QueueMessage[]) => Promise<void>;
  readonly maxBodyBytes?: number;
}

export const ingestHarness = (options: IngestHarnessOptions = {}) => {
  const queued: QueueMessage[] = [];
  const metrics: { name: string; value: number }[] = [];
  const ingest = createWebhookIngest({
    platforms: PLATFORMS,
    brands: brandDirectory((options.brands ?? []).map((brand) => Brand.parse(brand))),
    secrets: secretsFromMap(options.secrets ?? TEST_SECRETS),
    clock: { now: () => new Date(RECEIVED_AT) },
    realTime: () => new Date(),
    maxBodyBytes: options.maxBodyBytes ?? 1_048_576,
    enqueue:
      options.enqueue ??
      (async (messages) => {
        queued.push(...messages);
      }),
    logger: new Logger({ serviceName: 'ingest', logLevel: 'SILENT' }),
    metrics: {
      publish: (_source, counts) => {
        for (const [metric, value] of counts) metrics.push({ name: metric.name, value });
      },
    },
  });
  return {
    ingest,
    queued,
    /** The sum of a metric over every request so far. */
    metricTotal: (name: string) =>
      metrics
        .filter((metric) => metric.name === name)
        .reduce((sum, metric) => sum + metric.value, 0),
    /** The mentions queued so far (deletions left out). */
    mentions: () =>
      queued.flatMap((message) => (message.type === 'mention.received' ? [message.mention] : [])),
  };
};

/** The JSON body of a response. */
export const responseBody = (result: APIGatewayProxyStructuredResultV2): Record<string, unknown> =>
  JSON.parse(result.body ?? 'null') as Record<string, unknown>;

/** The error code of an error response. */
export const errorCode = (result: APIGatewayProxyStructuredResultV2): unknown =>
  (responseBody(result).error as { code?: unknown } | undefined)?.code;
