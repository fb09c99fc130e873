/** Notifier function: invoked by event rules with `{ channel, event }`; delivers one alert. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { AlertDispatcher } from '../shared/adapters/alert-routing/alert-dispatcher';
import { ChannelPaceStore } from '../shared/adapters/dynamodb/channel-pace-store';
import { SlaStore } from '../shared/adapters/dynamodb/sla-store';
import { PagerDutyNotifier } from '../shared/adapters/pagerduty/pagerduty-notifier';
import { SlackNotifier } from '../shared/adapters/slack/slack-notifier';
import { SnsNotifier } from '../shared/adapters/sns/sns-notifier';
import { WebhookNotifier } from '../shared/adapters/webhook/webhook-notifier';
import { NotifierInvocation } from '../shared/contracts/events';
import { METRICS } from '../shared/contracts/metrics';
import { zodIssueLines } from '../shared/contracts/zod-issues';
import { awsRuntimeContext } from '../shared/runtime/aws-context';
import { lazyHandler, type RuntimeContext } from '../shared/runtime/context';
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
  const { logger, metrics, clients } = kit;
  const dispatcher = new AlertDispatcher({
    notifiers: {
      slack: new SlackNotifier(ctx.secrets),
      pagerduty: new PagerDutyNotifier(channels.pagerduty.eventsUrl, ctx.secrets),
      sns: new SnsNotifier(clients.sns, channels.sns.topicArn),
      webhook: new WebhookNotifier(channels.webhook.url, ctx.secrets),
    },
    store: new SlaStore(clients.documents, ctx.env.TABLE_NAME),
    pacing: {
      pacer: new ChannelPaceStore(clients.documents, ctx.env.TABLE_NAME),
      config: channels.pacing,
      realNow: () => Date.now(),
    },
    publicUrl: ctx.config.publicUrl,
    logger,
  });

  const count = (metric: typeof METRICS.alertsDelivered, channel: string) => {
    const single = metrics.singleMetric();
    single.addDimension(metric.dimension ?? 'channel', channel);
    single.addMetric(metric.name, MetricUnit.Count, 1);
  };

  return kit.handler(async (input: unknown): Promise<void> => {
    const channel = channelOf(input);
    try {
      const invocation = parseInvocation(input);
      const outcome = await dispatcher.dispatch(invocation, ctx.clock.now());
      if (outcome.status === 'delivered') count(METRICS.alertsDelivered, channel);
    } catch (error) {
      count(METRICS.alertDeliveryFailures, channel);
      throw error;
    }
  });
};

export const handler = lazyHandler(() => createNotifierHandler(awsRuntimeContext()));
