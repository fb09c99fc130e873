/** Cases API function: the cases routes, reports, the OpenAPI document and Slack actions. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createCasesApi } from '../shared/adapters/cases-api/router';
import { DynamoDbCaseCommands } from '../shared/adapters/dynamodb/case-commands';
import { ChannelPaceStore } from '../shared/adapters/dynamodb/channel-pace-store';
import { IncidentStore } from '../shared/adapters/dynamodb/incident-store';
import { DynamoDbReplyOutbox } from '../shared/adapters/dynamodb/reply-outbox';
import { DynamoDbReplyPacer } from '../shared/adapters/dynamodb/reply-pacer';
import { ReportCounterStore } from '../shared/adapters/dynamodb/report-counter-store';
import { EventPublisher } from '../shared/adapters/eventbridge/event-publisher';
import { SlackResponder } from '../shared/adapters/slack/slack-responder';
import { SqsReplyQueue } from '../shared/adapters/sqs/reply-queue';
import { METRICS } from '../shared/contracts/metrics';
import { awsRuntimeContext } from '../shared/runtime/aws-context';
import { lazyHandler, type RuntimeContext } from '../shared/runtime/context';
import { documentClientOf } from '../shared/runtime/document-client';
import { functionKit } from '../shared/runtime/function-kit';

export const createCasesApiHandler = (ctx: RuntimeContext) => {
  const kit = functionKit(ctx, 'casesApi');
  const { logger, metrics } = kit;
  const documents = documentClientOf(kit);
  const casesApi = createCasesApi(
    {
      commands: new DynamoDbCaseCommands(documents, ctx.env.TABLE_NAME),
      counters: new ReportCounterStore(documents, ctx.env.TABLE_NAME),
      incidents: new IncidentStore(documents, ctx.env.TABLE_NAME),
      publisher: new EventPublisher(kit.client(EventBridgeClient), ctx.env.EVENT_BUS_NAME),
      clock: ctx.clock,
      config: ctx.config,
      secrets: ctx.secrets,
      realNow: Date.now,
      ...(ctx.env.REPLY_QUEUE_URL
        ? {
            replies: {
              outbox: new DynamoDbReplyOutbox(documents, ctx.env.TABLE_NAME),
              queue: new SqsReplyQueue(kit.client(SQSClient), ctx.env.REPLY_QUEUE_URL),
              pacer: new DynamoDbReplyPacer(
                new ChannelPaceStore(documents, ctx.env.TABLE_NAME),
                ctx.config.replies,
              ),
            },
          }
        : {}),
      slack: new SlackResponder(),
      onSlackUpdateFailed: (error) => logger.warn('Slack message not updated', { error }),
      onEventsUnpublished: (error) => {
        logger.error('case events not published', {
          caseIds: error.caseIds,
          detailTypes: error.detailTypes,
          error,
        });
        metrics.singleMetric().addMetric(METRICS.caseEventsUnpublished.name, MetricUnit.Count, 1);
      },
    },
    (error) => logger.error('cases API request failed', { error }),
  );
  return kit.handler(casesApi);
};

export const handler = lazyHandler(() => createCasesApiHandler(awsRuntimeContext()));
