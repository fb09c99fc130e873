import * as z from 'zod';
import { ChannelPace } from '../alerts/channel-pacing';

/** The two texts of "take it offline": a public acknowledgement, then a private message. */
export const TakeOfflineTemplates = z.object({
  public: z.string().min(1).max(2000).optional(),
  private: z.string().min(1).max(2000).optional(),
});

/** Replies from cases: integrations' reply URLs and each brand's "take it offline" texts. */
export const RepliesConfig = z.object({
  /** Where a source without a built-in client gets `reply.requested` webhooks, by source. */
  webhookUrls: z
    .record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/), z.string().url())
    .default({}),
  /** By brand id; `{name}` is the customer's name or handle. */
  takeOffline: z.record(z.string(), TakeOfflineTemplates).default({}),
  /**
   * How fast replies asked for in bulk (to every case of an incident) go out, by source, beside
   * the built-in paces of `replyPaceOf`; every sender of a brand shares each source's slots.
   */
  pacing: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/), ChannelPace).default({}),
});
export type RepliesConfig = z.infer<typeof RepliesConfig>;
