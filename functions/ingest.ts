import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MentionQueue } from '../shared/adapters/mention-queue';
import { brandDirectory } from '../shared/config/brands';
import { createWebhookIngest } from '../shared/platforms/ingest';
import { PLATFORMS } from '../shared/platforms/registry';
import { awsRuntimeContext } from '../shared/runtime/aws-context';
import { lazyHandler, type RuntimeContext } from '../shared/runtime/context';

/** Webhooks from every source: verify, normalize, enqueue; 2xx only once SQS took every mention. */
export const createIngestHandler = (ctx: RuntimeContext) => {
  const metrics = new Metrics({ namespace: 'SocialResponder', serviceName: 'ingest' });
  const queue = new MentionQueue(
    new SQSClient({ region: ctx.env.AWS_REGION }),
    ctx.env.MENTION_QUEUE_URL,
  );
  const ingest = createWebhookIngest({
    platforms: PLATFORMS,
    brands: brandDirectory(ctx.config.brands),
    secrets: ctx.secrets,
    clock: ctx.clock,
    realTime: () => new Date(),
    maxBodyBytes: ctx.config.ingest.maxBodyBytes,
    enqueue: (messages) => queue.send(messages),
    logger: new Logger({ serviceName: 'ingest' }),
    metrics,
  });
  return async (event: APIGatewayProxyEventV2) => {
    try {
      return await ingest(event);
    } finally {
      metrics.publishStoredMetrics();
    }
  };
};

export const handler = lazyHandler(() => createIngestHandler(awsRuntimeContext()));
