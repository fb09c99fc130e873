import * as z from 'zod';

/**
 * How fast one channel may be sent to: `perMinute` on average with bursts of up to `burst`, so in
 * any minute at most `perMinute + burst` messages go out.
 */
export const ChannelPace = z.strictObject({
  perMinute: z.number().positive().max(6_000),
  burst: z.number().int().min(1).max(100),
});
export type ChannelPace = z.infer<typeof ChannelPace>;

/**
 * Pacing per channel. Slack incoming webhooks allow about one message a second with short
 * bursts; PagerDuty's Events API about 120 events a minute per routing key: 100 a minute with
 * bursts of 20 keeps every minute at or under 120. An alert that would wait longer than
 * `maxWaitSeconds` is held instead, and so is every alert after it until the held ones have gone
 * out grouped (grouping is preferred over delay): see HeldAlertFlusher.
 */
export const ChannelPacing = z.strictObject({
  slack: ChannelPace.default({ perMinute: 60, burst: 3 }),
  pagerduty: ChannelPace.default({ perMinute: 100, burst: 20 }),
  maxWaitSeconds: z.number().min(0).max(25).default(5),
});
export type ChannelPacing = z.infer<typeof ChannelPacing>;

/** A channel's pacing state: the time its next message is due (GCRA's theoretical arrival time). */
export interface PaceState {
  readonly dueAt: number;
}

export type PaceReservation =
  | { readonly sendAt: number; readonly next: PaceState }
  | { readonly held: true; readonly sendAt: number };

/**
 * The time a message asked for at `now` (epoch ms) may be sent, by the generic cell rate
 * algorithm: each message moves the channel's due time on by one interval (60 s / perMinute); a
 * message may go `burst - 1` intervals ahead of it. Held, with the state unchanged, when it would
 * have to wait longer than `maxWaitMs`.
 */
export const reserveSlot = (
  state: PaceState | undefined,
  pace: ChannelPace,
  now: number,
  maxWaitMs: number,
): PaceReservation => {
  const interval = 60_000 / pace.perMinute;
  const due = Math.max(state?.dueAt ?? now, now);
  const sendAt = Math.max(now, due - (pace.burst - 1) * interval);
  if (sendAt - now > maxWaitMs) return { held: true, sendAt };
  return { sendAt, next: { dueAt: due + interval } };
};
