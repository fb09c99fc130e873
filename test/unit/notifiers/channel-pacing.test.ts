import fc from 'fast-check';
import {
  ChannelPacing,
  type PaceState,
  reserveSlot,
} from '../../../shared/domain/alerts/channel-pacing';

const MINUTE = 60_000;
const defaults = ChannelPacing.parse({});

/** Reserves in request order; the send times of the granted ones and how many were held. */
const run = (
  pace: { perMinute: number; burst: number },
  requestTimes: readonly number[],
  maxWaitMs: number,
) => {
  let state: PaceState | undefined;
  const sent: number[] = [];
  let held = 0;
  for (const now of requestTimes) {
    const reservation = reserveSlot(state, pace, now, maxWaitMs);
    if ('held' in reservation) {
      held += 1;
      continue;
    }
    expect(reservation.sendAt).toBeGreaterThanOrEqual(now);
    expect(reservation.sendAt - now).toBeLessThanOrEqual(maxWaitMs);
    state = reservation.next;
    sent.push(reservation.sendAt);
  }
  return { sent, held };
};

/** The most send times in any window of one minute. */
const busiestMinute = (sent: readonly number[]): number => {
  const sorted = [...sent].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= MINUTE) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
};

describe('reserveSlot', () => {
  it('sends a burst at once, then one message per interval (Slack: 3, then one a second)', () => {
    const { sent, held } = run(defaults.slack, Array(8).fill(0), 60_000);
    expect(held).toBe(0);
    expect(sent).toEqual([0, 0, 0, 1_000, 2_000, 3_000, 4_000, 5_000]);
  });

  it('holds what would wait longer than the limit and leaves the channel as it was', () => {
    const { sent, held } = run(defaults.slack, Array(30).fill(0), 20_000);
    expect(sent).toHaveLength(23);
    expect(held).toBe(7);
    expect(Math.max(...sent)).toBe(20_000);
  });

  it('keeps the default PagerDuty pace within 120 events in any minute of a storm', () => {
    const requests = Array.from({ length: 1_000 }, (_, index) => index * 50);
    const { sent } = run(defaults.pagerduty, requests, 25_000);
    expect(busiestMinute(sent)).toBeLessThanOrEqual(120);
    expect(sent.length).toBeGreaterThan(120);
  });

  it('never sends more than perMinute + burst in any minute, whatever the requests', () => {
    fc.assert(
      fc.property(
        fc.record({
          perMinute: fc.integer({ min: 1, max: 200 }),
          burst: fc.integer({ min: 1, max: 30 }),
        }),
        fc.array(fc.integer({ min: 0, max: 10 * MINUTE }), { maxLength: 400 }),
        fc.integer({ min: 0, max: 25_000 }),
        (pace, times, maxWaitMs) => {
          const { sent } = run(
            pace,
            [...times].sort((a, b) => a - b),
            maxWaitMs,
          );
          expect(busiestMinute(sent)).toBeLessThanOrEqual(pace.perMinute + pace.burst);
        },
      ),
    );
  });

  it('sends at once on a quiet channel', () => {
    expect(reserveSlot({ dueAt: 0 }, defaults.slack, 5 * MINUTE, 0)).toEqual({
      sendAt: 5 * MINUTE,
      next: { dueAt: 5 * MINUTE + 1_000 },
    });
  });
});
