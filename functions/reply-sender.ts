/** Reply sender function: replies from the queue to their platforms, once each. */

import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoDbReplyOutbox } from '../shared/adapters/dynamodb/reply-outbox';
import { TableLease } from '../shared/adapters/dynamodb/table-lease';
import { EventPublisher } from '../shared/adapters/eventbridge/event-publisher';
import { PlatformReplyChannel, platformBaseUrls } from '../shared/adapters/platforms/reply-channel';
import { SqsReplyQueue } from '../shared/adapters/sqs/reply-queue';
import { ReplyQueueMessage } from '../shared/contracts/reply';
import { awsRuntimeContext } from '../shared/runtime/aws-context';
import { EnvironmentError, lazyHandler, type RuntimeContext } from '../shared/runtime/context';
import { documentClientOf } from '../shared/runtime/document-client';
import { functionKit } from '../shared/runtime/function-kit';
import { parseQueueRecord } from '../shared/runtime/queue-record';
import { ReplySender } from '../shared/use-cases/reply-sender';

export const createReplySenderHandler = (ctx: RuntimeContext) => {
  const kit = functionKit(ctx, 'replySender');
  const { logger } = kit;
  const documents = documentClientOf(kit);
  const publisher = new EventPublisher(kit.client(EventBridgeClient), ctx.env.EVENT_BUS_NAME);
  if (!ctx.env.REPLY_QUEUE_URL) {
    throw new EnvironmentError(
      'REPLY_QUEUE_URL is not set: the reply sender re-queues replies there',
    );
  }
  const sender = new ReplySender({
    outbox: new DynamoDbReplyOutbox(documents, ctx.env.TABLE_NAME),
    queue: new SqsReplyQueue(kit.client(SQSClient), ctx.env.REPLY_QUEUE_URL),
    channel: new PlatformReplyChannel({
      secrets: ctx.secrets,
      baseUrls: platformBaseUrls(ctx.env),
      webhookUrls: ctx.config.replies.webhookUrls,
      now: () => ctx.clock.now(),
      realNow: () => new Date(),
      lease: new TableLease(documents, ctx.env.TABLE_NAME),
    }),
    clock: ctx.clock,
    policies: ctx.config.sla.policies,
    publish: (events) => publisher.publishAll(events),
    onEventsUnpublished: (error) =>
      logger.error('case events of a sent reply not published', { error }),
  });

  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const message = parseQueueRecord(record, ReplyQueueMessage, 'a reply message');
    try {
      const result = await sender.handle(message);
      logger.info('reply handled', { messageId: record.messageId, ...message, result });
    } catch (error) {
      logger.error('reply sending failed', { messageId: record.messageId, ...message, error });
      throw error;
    }
  };

  // Each record on its own: a failed one comes back after the visibility timeout, the rest are done.
  return kit.handler(async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const outcomes = await Promise.allSettled(event.Records.map(handleRecord));
    return {
      batchItemFailures: event.Records.flatMap((record, index) =>
        outcomes[index]?.status === 'rejected' ? [{ itemIdentifier: record.messageId }] : [],
      ),
    };
  });
};

export const handler = lazyHandler(() => createReplySenderHandler(awsRuntimeContext()));
