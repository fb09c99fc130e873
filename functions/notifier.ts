/**
 * Notifier function: invoked by event rules with `{ channel, event }`, it delivers one alert (or
 * holds it for a digest when its channel is at its pace); invoked by the schedule, it sends what
 * the paced channels hold.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod';
import { AlertDispatcher } from '../shared/adapters/alert-routing/alert-dispatcher';
import { HeldAlertFlusher } from '../shared/adapters/alert-routing/held-alert-flusher';
import { ChannelPaceStore } from '../shared/adapters/dynamodb/channel-pace-store';
import { HeldAlertStore } from '../shared/adapters/dynamodb/held-alert-store';
import { SlaStore } from '../shared/adapters/dynamodb/sla-store';
import { TableLease } from '../shared/adapters/dynamodb/table-lease';
import { PagerDutyNotifier } from '../shared/adapters/pagerduty/pagerduty-notifier';
import { SlackNotifier } from '../shared/adapters/slack/slack-notifier';
import { SnsNotifier } from '../shared/adapters/sns/sns-notifier';
import { WebhookNotifier } from '../shared/adapters/webhook/webhook-notifier';
import { NotifierInvocation } from '../shared/contracts/events';
import { METRICS } from '../shared/contracts/metrics';
import { zodIssueLines } from '../shared/contracts/zod-issues';
import { awsRuntimeContext } from '../shared/runtime/aws-context';
import { lazyHandler, type RuntimeContext } from '../shared/runtime/context';
import { documentClientOf } from '../shared/runtime/document-client';
import { functionKit } from '../shared/runtime/function-kit';

/** The rule's input does not have the shape a NotifierInvocation has. */
export class NotifierInputError extends Error {
  override name = 'NotifierInputError';
}

/** The channel a failure is counted under, even when the rest of the input is unusable. */
const channelOf = (input: unknown): string => {
  const channel = (input as { channel?: unknown } | null)?.channel;
  return typeof channel === 'string' && channel.length > 0 ? channel : 'unknown';
};

/** What an EventBridge schedule hands its target. */
const ScheduledEvent = z.object({
  source: z.literal('aws.events'),
  'detail-type': z.literal('Scheduled Event'),
});

/** A flush waits for slots at most this long, inside the notifier's 30 s timeout. */
const FLUSH_BUDGET_MS = 20_000;

const parseInvocation = (input: unknown): NotifierInvocation => {
  const result = NotifierInvocation.safeParse(input);
  if (result.success) return result.data;
  const issues = zodIssueLines(result.error);
  throw new NotifierInputError(
    `the rule's input is not a notifier invocation: ${issues.join('; ')}`,
    {
      cause: result.error,
    },
  );
};

export const createNotifierHandler = (ctx: RuntimeContext) => {
  const { channels } = ctx.config;
  const kit = functionKit(ctx, 'notifier');
  const { logger, metrics } = kit;
  const documents = documentClientOf(kit);
  const tableName = ctx.env.TABLE_NAME;
  const notifiers = {
    slack: new SlackNotifier(ctx.secrets),
    pagerduty: new PagerDutyNotifier(channels.pagerduty.eventsUrl, ctx.secrets),
    sns: new SnsNotifier(kit.client(SNSClient), channels.sns.topicArn),
    webhook: new WebhookNotifier(channels.webhook.url, ctx.secrets),
  };
  const store = new SlaStore(documents, tableName);
  const pacing = {
    pacer: new ChannelPaceStore(documents, tableName),
    held: new HeldAlertStore(documents, tableName),
    config: channels.pacing,
    realNow: () => Date.now(),
  };
  const dispatcher = new AlertDispatcher({
    notifiers,
    store,
    pacing,
    publicUrl: ctx.config.publicUrl,
    logger,
  });
  const flusher = new HeldAlertFlusher({
    notifiers,
    pacing,
    // Taken or not at once: a flush that finds another running leaves the work to it.
    lease: new TableLease(documents, tableName, { leaseMs: 28_000, waitMs: 0 }),
    store,
    logger,
    budgetMs: FLUSH_BUDGET_MS,
  });

  const count = (metric: typeof METRICS.alertsDelivered, channel: string, value = 1) => {
    const single = metrics.singleMetric();
    single.addDimension(metric.dimension ?? 'channel', channel);
    single.addMetric(metric.name, MetricUnit.Count, value);
  };

  return kit.handler(async (input: unknown): Promise<void> => {
    if (ScheduledEvent.safeParse(input).success) {
      for (const outcome of await flusher.flush(ctx.clock.now())) {
        if (outcome.messages > 0) {
          count(METRICS.alertsDelivered, outcome.channel, outcome.messages);
        }
        if (outcome.failed) count(METRICS.alertDeliveryFailures, outcome.channel);
      }
      return;
    }
    const channel = channelOf(input);
    try {
      const invocation = parseInvocation(input);
      const outcome = await dispatcher.dispatch(invocation, ctx.clock.now());
      if (outcome.status === 'delivered') count(METRICS.alertsDelivered, channel);
      if (outcome.status === 'held') count(METRICS.alertsHeld, channel);
    } catch (error) {
      count(METRICS.alertDeliveryFailures, channel);
      throw error;
    }
  });
};

export const handler = lazyHandler(() => createNotifierHandler(awsRuntimeContext()));
