/**
 * Triage function: mentions from the queue into cases, with partial batch failures; mentions of
 * one author in batch order, different authors in parallel.
 */
import type { MetricUnit as MetricUnitName } from '@aws-lambda-powertools/metrics/types';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BedrockTriageModel } from '../shared/adapters/bedrock/bedrock-triage-model';
import { DynamoDbHostedModelBudget } from '../shared/adapters/dynamodb/hosted-model-budget';
import { IncidentStore } from '../shared/adapters/dynamodb/incident-store';
import { DynamoDbReplyOutbox } from '../shared/adapters/dynamodb/reply-outbox';
import { TriageStore } from '../shared/adapters/dynamodb/triage-store';
import { EventPublisher } from '../shared/adapters/eventbridge/event-publisher';
import { SqsReplyQueue } from '../shared/adapters/sqs/reply-queue';
import { type BusinessMetric, METRICS } from '../shared/contracts/metrics';
import { QueueMessage } from '../shared/contracts/queue-message';
import type { ResponderConfig } from '../shared/domain/config/responder-config';
import { builtInClassifier } from '../shared/domain/triage/classifier';
import { decideTriage } from '../shared/domain/triage/decide';
import { shippedSentimentModel } from '../shared/domain/triage/model/shipped';
import type { Classifier } from '../shared/domain/triage/port';
import { awsRuntimeContext } from '../shared/runtime/aws-context';
import { lazyHandler, type RuntimeContext } from '../shared/runtime/context';
import { type DynamoDBDocumentClient, documentClientOf } from '../shared/runtime/document-client';
import { functionKit } from '../shared/runtime/function-kit';
import { parseQueueRecord } from '../shared/runtime/queue-record';
import { xrayTracing } from '../shared/runtime/tracing';
import { runInLanes } from '../shared/use-cases/author-lanes';
import { hostedClassifier } from '../shared/use-cases/hosted-classifier';
import { IncidentTracker, incidentSample } from '../shared/use-cases/incident-tracker';
import { MentionTriage, type TriageResult } from '../shared/use-cases/mention-triage';
import type { HostedTriageModel } from '../shared/use-cases/ports/hosted-model';
import { ReplyEchoes } from '../shared/use-cases/reply-echoes';

// Decode the sentiment model's weights during the function's init, not on its first mention.
shippedSentimentModel();

/** The incident tracker over the case table, publishing to the bus. */
export const createIncidentTracker = (
  documents: DynamoDBDocumentClient,
  tableName: string,
  events: EventPublisher,
  config: ResponderConfig,
): IncidentTracker => {
  const cases = new TriageStore(documents, tableName);
  return new IncidentTracker({
    store: new IncidentStore(documents, tableName),
    events,
    policy: config.incidents,
    sampleOf: async (caseId) => {
      const found = await cases.getCase(caseId);
      return found && incidentSample(found);
    },
  });
};

/**
 * A hosted model created by the first mention that asks it, not at the function's init: its SDK
 * client is ~30 ms of a cold start, and most instances never ask (the model is off by default,
 * and asked only about mentions the built-in classifier is unsure of). A failed creation is
 * tried again by the next mention.
 */
const createdOnFirstAsk = (create: () => Promise<HostedTriageModel>): HostedTriageModel => {
  let model: Promise<HostedTriageModel> | undefined;
  return {
    ask: async (mention) => {
      model ??= create().catch((error: unknown) => {
        model = undefined;
        throw error;
      });
      return (await model).ask(mention);
    },
  };
};

export const createTriageHandler = (ctx: RuntimeContext) => {
  // Traced: its mentions' latency is spent in the table's transactions and the hosted model.
  const tracing = xrayTracing();
  const kit = functionKit(ctx, 'triage', { tracing });
  const { logger, metrics } = kit;
  const documents = documentClientOf(kit);
  const hostedModel = ctx.config.triage.hostedModel;
  // Off by default; when on, the SDK does not retry: a throttled call falls back at once.
  const classifier: Classifier = hostedModel.enabled
    ? hostedClassifier({
        builtIn: builtInClassifier,
        model: createdOnFirstAsk(async () => {
          const { BedrockRuntimeClient } = await import('@aws-sdk/client-bedrock-runtime');
          const client = new BedrockRuntimeClient({
            region: hostedModel.region ?? ctx.env.AWS_REGION,
            maxAttempts: 1,
          });
          return new BedrockTriageModel(tracing.capture(client), hostedModel);
        }),
        budget: new DynamoDbHostedModelBudget(documents, ctx.env.TABLE_NAME),
        settings: hostedModel,
        clock: ctx.clock,
        onFailure: (error, mention) =>
          logger.warn('hosted model failed; built-in classification kept', {
            mentionId: mention.id,
            error,
          }),
      })
    : builtInClassifier;
  const events = new EventPublisher(kit.client(EventBridgeClient), ctx.env.EVENT_BUS_NAME);
  const triage = new MentionTriage({
    store: new TriageStore(documents, ctx.env.TABLE_NAME),
    replyEchoes: new ReplyEchoes({
      outbox: new DynamoDbReplyOutbox(documents, ctx.env.TABLE_NAME),
      ...(ctx.env.REPLY_QUEUE_URL
        ? { queue: new SqsReplyQueue(kit.client(SQSClient), ctx.env.REPLY_QUEUE_URL) }
        : {}),
      policies: ctx.config.sla.policies,
    }),
    events,
    classifier,
    decide: decideTriage,
    config: ctx.config,
    incidents: createIncidentTracker(documents, ctx.env.TABLE_NAME, events, ctx.config),
  });

  /** One value of a metric with a dimension, published at once in its own EMF document. */
  const recordByPriority = (metric: BusinessMetric, priority: string, value: number) => {
    const single = metrics.singleMetric();
    single.addDimension(metric.dimension ?? 'priority', priority);
    single.addMetric(metric.name, metric.unit satisfies MetricUnitName, value);
  };

  const recordMetrics = (result: TriageResult) => {
    // Unmatched, duplicate and deleted messages write no mention to a case.
    if (!('caseId' in result)) return;
    metrics.addMetric(METRICS.mentionsTriaged.name, METRICS.mentionsTriaged.unit, 1);
    if (result.outcome === 'opened') recordByPriority(METRICS.casesOpened, result.priority, 1);
    if (result.outcome === 'responded' && result.firstResponseSeconds !== undefined) {
      recordByPriority(METRICS.firstResponseSeconds, result.priority, result.firstResponseSeconds);
    }
  };

  /** A parsed message, or the reason it cannot be handled. */
  type Parsed = { record: SQSRecord } & ({ message: QueueMessage } | { malformed: unknown });

  const parse = (record: SQSRecord): Parsed => {
    try {
      return { record, message: parseQueueRecord(record, QueueMessage, 'a queue message') };
    } catch (error) {
      return { record, malformed: error };
    }
  };

  /** Mentions of one author share a lane; a deletion or a malformed message has its own. */
  const laneOf = (parsed: Parsed): string =>
    'message' in parsed && parsed.message.type === 'mention.received'
      ? `author:${parsed.message.mention.source}#${parsed.message.mention.author.id}`
      : `message:${parsed.record.messageId}`;

  const handleRecord = async (parsed: Parsed): Promise<void> => {
    const { record } = parsed;
    if ('malformed' in parsed) {
      const error = parsed.malformed;
      logger.error('malformed queue message', {
        messageId: record.messageId,
        problem: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
    const { message } = parsed;
    const mentionId = message.type === 'mention.received' ? message.mention.id : message.mentionId;
    try {
      const result = await triage.handle(message, ctx.clock.now());
      logger.info('mention triaged', { messageId: record.messageId, mentionId, ...result });
      recordMetrics(result);
    } catch (error) {
      logger.error('mention triage failed', { messageId: record.messageId, mentionId, error });
      throw error;
    }
  };

  // Failed messages are reported, never thrown: the rest of the batch is done either way.
  return kit.handler(async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failed: SQSBatchResponse['batchItemFailures'] = [];
    try {
      await runInLanes(event.Records.map(parse), laneOf, (parsed) =>
        handleRecord(parsed).catch(() => {
          failed.push({ itemIdentifier: parsed.record.messageId });
        }),
      );
      const order = new Map(event.Records.map((record, index) => [record.messageId, index]));
      return {
        batchItemFailures: failed.sort(
          (a, b) => (order.get(a.itemIdentifier) ?? 0) - (order.get(b.itemIdentifier) ?? 0),
        ),
      };
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  });
};

export const handler = lazyHandler(() => createTriageHandler(awsRuntimeContext()));
