/**
 * How fast a platform takes the brand's replies. X allows a user 200 posts per 15 minutes and 300
 * per 3 hours (shared with reposts): 1.6 a minute with bursts of 10 stays under both (at most 298
 * in any 3 hours). Other platforms limit per app and usage; 60 a minute with bursts of 10 stays
 * well inside them. A brand with higher limits configures `replies.pacing`.
 */
import type { ChannelPace } from '../alerts/channel-pacing';
import type { RepliesConfig } from '../config/replies';

export const BUILT_IN_REPLY_PACES: Readonly<Record<string, ChannelPace>> = {
  x: { perMinute: 1.6, burst: 10 },
};
export const DEFAULT_REPLY_PACE: ChannelPace = { perMinute: 60, burst: 10 };

/** The pace of replies to one source: configured, built in, or the default. */
export const replyPaceOf = (config: Pick<RepliesConfig, 'pacing'>, source: string): ChannelPace =>
  config.pacing[source] ?? BUILT_IN_REPLY_PACES[source] ?? DEFAULT_REPLY_PACE;

/** The pacing item of a brand's replies to one source: each brand posts from its own accounts. */
export const replyPaceKey = (brand: string, source: string): string => `reply:${brand}:${source}`;
