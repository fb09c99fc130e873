/** An incident's topic and its counts over time, as an agent reads them. */
import type { Incident } from '../api/types';

/** `urgency:outage` → `Outage`; `term:checkout` → `“checkout”`. */
export const topicLabel = (topic: string): string => {
  const [kind, ...rest] = topic.split(':');
  const value = rest.join(':');
  if (!value) return topic;
  if (kind === 'urgency') return `${value[0]?.toUpperCase() ?? ''}${value.slice(1)}`;
  return `“${value}”`;
};

const MINUTE_MS = 60_000;
/** An incident's chart has at most this many bars; longer incidents get wider buckets. */
export const MAX_BARS = 12;

export interface CountBucket {
  /** Start of the bucket (ms since the epoch, UTC). */
  readonly at: number;
  readonly count: number;
}

/**
 * Cases that joined, per bucket of whole minutes from the first counted minute to the last (quiet
 * minutes count zero), in at most MAX_BARS buckets.
 */
export const countsOverTime = (counts: Incident['counts']): CountBucket[] => {
  const minutes = Object.entries(counts)
    .map(([minute, count]) => ({ at: Date.parse(`${minute}:00Z`), count }))
    .filter((each) => Number.isFinite(each.at));
  if (minutes.length === 0) return [];
  const first = Math.min(...minutes.map((each) => each.at));
  const last = Math.max(...minutes.map((each) => each.at));
  const span = (last - first) / MINUTE_MS + 1;
  const width = Math.ceil(span / MAX_BARS) * MINUTE_MS;
  const buckets = Array.from({ length: Math.ceil((span * MINUTE_MS) / width) }, (_, index) => ({
    at: first + index * width,
    count: 0,
  }));
  for (const each of minutes) {
    const bucket = buckets[Math.floor((each.at - first) / width)];
    if (bucket) bucket.count += each.count;
  }
  return buckets;
};
