import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricUnit as MetricUnitName } from '@aws-lambda-powertools/metrics/types';
import { SQSClient } from '@aws-sdk/client-sqs';
import { MentionsSeen } from '../shared/adapters/dynamodb/mentions-seen';
import { createWebhookIngest, type IngestMetrics } from '../shared/adapters/platforms/ingest';
import { PLATFORMS } from '../shared/adapters/platforms/registry';
import { MentionQueue } from '../shared/adapters/sqs/mention-queue';
import { brandDirectory } from '../shared/domain/config/brands';
import { awsRuntimeContext } from '../shared/runtime/aws-context';
import { lazyHandler, type RuntimeContext } from '../shared/runtime/context';
import { documentClientOf } from '../shared/runtime/document-client';
import { functionKit } from '../shared/runtime/function-kit';

/**
 * One EMF document per request, with its `source` dimension. Dimension, values and publish happen
 * in one synchronous step, so requests served concurrently by one instance never share a document.
 */
const emfMetrics = (metrics: Metrics): IngestMetrics => ({
  publish: (source, counts) => {
    metrics.addDimension('source', source);
    for (const [metric, value] of counts) {
      metrics.addMetric(metric.name, metric.unit satisfies MetricUnitName, value);
    }
    metrics.publishStoredMetrics();
  },
});

/** Webhooks from every source: verify, normalize, enqueue; 2xx only once SQS took every mention. */
export const createIngestHandler = (ctx: RuntimeContext) => {
  const kit = functionKit(ctx, 'ingest');
  const documents = documentClientOf(kit);
  const queue = new MentionQueue(kit.client(SQSClient), ctx.env.MENTION_QUEUE_URL);
  const seen = new MentionsSeen(documents, ctx.env.TABLE_NAME);
  const ingest = createWebhookIngest({
    platforms: PLATFORMS,
    brands: brandDirectory(ctx.config.brands),
    secrets: ctx.secrets,
    clock: ctx.clock,
    realTime: () => new Date(),
    maxBodyBytes: ctx.config.ingest.maxBodyBytes,
    enqueue: (messages) => queue.send(messages),
    recorded: (mentionIds) => seen.recorded(mentionIds),
    logger: kit.logger,
    metrics: emfMetrics(kit.metrics),
  });
  return kit.handler(ingest);
};

export const handler = lazyHandler(() => createIngestHandler(awsRuntimeContext()));
