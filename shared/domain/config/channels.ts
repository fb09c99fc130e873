import * as z from 'zod';
import { ChannelPacing } from '../alerts/channel-pacing';

/** Non-secret channel settings; URLs and keys that grant access are secrets (see contracts/secrets). */
export const ChannelsConfig = z.strictObject({
  pagerduty: z
    .strictObject({
      eventsUrl: z.string().url().default('https://events.pagerduty.com/v2/enqueue'),
    })
    .default({ eventsUrl: 'https://events.pagerduty.com/v2/enqueue' }),
  sns: z.strictObject({ topicArn: z.string().optional() }).default({}),
  webhook: z.strictObject({ url: z.string().url().optional() }).default({}),
  /** How fast Slack and PagerDuty are sent to, whatever the number of notifiers running. */
  pacing: ChannelPacing.default(ChannelPacing.parse({})),
});
export type ChannelsConfig = z.infer<typeof ChannelsConfig>;
