/** Cases API function: the cases routes, reports, the OpenAPI document and Slack actions. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createCasesApi } from '../shared/adapters/cases-api/router';
import { DynamoDbCaseCommands } from '../shared/adapters/dynamodb/case-commands';
import { IncidentStore } from '../shared/adapters/dynamodb/incident-store';
import { DynamoDbReplyOutbox } from '../shared/adapters/dynamodb/reply-outbox';
import { ReportCounterStore } from '../shared/adapters/dynamodb/report-counter-store';
import { EventPublisher } from '../shared/adapters/eventbridge/event-publisher';
import { SlackResponder } from '../shared/adapters/slack/slack-responder';
import { SqsReplyQueue } from '../shared/adapters/sqs/reply-queue';
import { METRICS, METRICS_NAMESPACE, METRICS_SERVICE } from '../shared/contracts/metrics';
import { awsRuntimeContext } from '../shared/runtime/aws-context';
import { lazyHandler, type RuntimeContext } from '../shared/runtime/context';

export const createCasesApiHandler = (
  ctx: RuntimeContext,
): ((event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>) => {
  const region = ctx.env.AWS_REGION;
  const logger = new Logger({
    serviceName: METRICS_SERVICE,
    persistentKeys: { function: 'casesApi' },
  });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return createCasesApi(
    {
      commands: new DynamoDbCaseCommands(documents, ctx.env.TABLE_NAME),
      counters: new ReportCounterStore(documents, ctx.env.TABLE_NAME),
      incidents: new IncidentStore(documents, ctx.env.TABLE_NAME),
      publisher: new EventPublisher(new EventBridgeClient({ region }), ctx.env.EVENT_BUS_NAME),
      clock: ctx.clock,
      config: ctx.config,
      secrets: ctx.secrets,
      realNow: Date.now,
      ...(ctx.env.REPLY_QUEUE_URL
        ? {
            replies: {
              outbox: new DynamoDbReplyOutbox(documents, ctx.env.TABLE_NAME),
              queue: new SqsReplyQueue(new SQSClient({ region }), ctx.env.REPLY_QUEUE_URL),
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
};

export const handler = lazyHandler(() => createCasesApiHandler(awsRuntimeContext()));
