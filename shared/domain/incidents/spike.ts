import { hourOf } from '../cases/reports';
import type { IncidentPolicy, IncidentStep } from './policy';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** The UTC minute a time falls in, `YYYY-MM-DDTHH:MM`: the unit topic counts are kept in. */
export const minuteOf = (at: Date): string => at.toISOString().slice(0, 16);

/**
 * The periods a spike check at `now` compares: the last `windowMinutes` minutes (inclusive
 * bounds, `now`'s minute last) against the `baselineHours` whole hours before the hour the window
 * starts in.
 */
export interface SpikePeriods {
  readonly firstMinute: string;
  readonly lastMinute: string;
  readonly firstBaselineHour: string;
  readonly lastBaselineHour: string;
}

export const spikePeriods = (
  now: Date,
  policy: Pick<IncidentPolicy, 'windowMinutes' | 'baselineHours'>,
): SpikePeriods => {
  const windowStart = new Date(now.getTime() - (policy.windowMinutes - 1) * MINUTE_MS);
  const startHour = Date.parse(`${hourOf(windowStart)}:00:00Z`);
  return {
    firstMinute: minuteOf(windowStart),
    lastMinute: minuteOf(now),
    firstBaselineHour: hourOf(new Date(startHour - policy.baselineHours * HOUR_MS)),
    lastBaselineHour: hourOf(new Date(startHour - HOUR_MS)),
  };
};

/** What a spike check found for one topic. */
export interface SpikeAssessment {
  readonly spike: boolean;
  readonly windowCount: number;
  /** The topic's usual count in a window of the same length, from the baseline hours. */
  readonly baselinePerWindow: number;
}

/**
 * A topic spikes when its window holds at least `minCount` mentions and at least
 * `baselineFactor` times its usual count for a window that long.
 */
export const assessSpike = (
  counts: { readonly windowCount: number; readonly baselineCount: number },
  policy: Pick<IncidentPolicy, 'windowMinutes' | 'baselineHours' | 'minCount' | 'baselineFactor'>,
): SpikeAssessment => {
  const baselinePerWindow =
    (counts.baselineCount * policy.windowMinutes) / (policy.baselineHours * 60);
  return {
    spike:
      counts.windowCount >= policy.minCount &&
      counts.windowCount >= policy.baselineFactor * baselinePerWindow,
    windowCount: counts.windowCount,
    baselinePerWindow,
  };
};

const appliesTo = (step: IncidentStep, topic: string): boolean =>
  !step.topics || step.topics.includes(topic);

/** The channels the ladder announces an incident on this topic to. */
export const openingChannels = (ladder: readonly IncidentStep[], topic: string): string[] =>
  ladder.filter((step) => appliesTo(step, topic)).map((step) => step.channel);

/** How many times the count has grown by `factor` since the incident opened. */
const growthLevel = (count: number, openedWith: number, factor: number): number => {
  let level = 0;
  for (let mark = openedWith * factor; mark <= count; mark *= factor) level += 1;
  return level;
};

/**
 * The channels to update when an incident grows from `before` to `after` cases: each step whose
 * next milestone (opening count × factor^n) lies in (before, after].
 */
export const growthChannels = (
  ladder: readonly IncidentStep[],
  topic: string,
  openedWith: number,
  before: number,
  after: number,
): string[] =>
  ladder
    .filter(
      (step) =>
        appliesTo(step, topic) &&
        growthLevel(after, openedWith, step.updateFactor) >
          growthLevel(before, openedWith, step.updateFactor),
    )
    .map((step) => step.channel);
