import type { CaseFigures } from '../../contracts/case';
import type { Mention } from '../../contracts/mention';
import type { ReportSummary } from '../../contracts/report-summary';
import { type Classification, Priority } from '../../contracts/triage';

/**
 * Report math over counters kept on write. Every figure is attributed to one hour of one brand:
 * mentions to the hour they were posted, case figures (opened, responded, time to first response,
 * SLA met or breached) to the hour the case opened, so a report over a range describes the
 * cases opened in that range ("of last week's cases, how many were answered and how fast").
 */

/** Upper bounds, in seconds, of the time-to-first-response histogram; a last bucket is open-ended. */
export const FIRST_RESPONSE_BOUNDS = [
  30, 60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200, 10800, 14400, 21600, 28800, 43200,
  86400, 172800, 259200, 604800,
] as const;

/** One thing that happened, as the counters see it. */
export type ReportFact =
  | {
      readonly kind: 'mention';
      readonly brand: string;
      /** When the mention was posted. */
      readonly at: string;
      readonly source: string;
      readonly intents: readonly string[];
      readonly sentiment: string;
    }
  | {
      readonly kind: 'case_opened';
      readonly brand: string;
      /** When the case opened. */
      readonly at: string;
      readonly priority: Priority;
      readonly needsResponse: boolean;
      /** Praise worth amplifying. */
      readonly amplify?: boolean;
    }
  | {
      readonly kind: 'first_response';
      readonly brand: string;
      /** When the case opened (the cohort the response belongs to). */
      readonly at: string;
      readonly priority: Priority;
      readonly needsResponse: boolean;
      readonly seconds: number;
      /** Whether the first response met the first-response deadline; absent without a deadline. */
      readonly slaMet?: boolean;
    };

/** The default report range: the last seven days. */
export const DEFAULT_REPORT_DAYS = 7;

export class ReportRangeError extends Error {
  override name = 'ReportRangeError';
}

const DAY_MS = 86_400_000;
const isDay = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text);

/**
 * The instants a report covers: a date `from` starts at its midnight (UTC), a date `to` includes
 * that whole day; `to` defaults to now and `from` to seven days before `to`.
 */
export const reportRange = (
  query: { readonly from?: string; readonly to?: string },
  now: Date,
): { from: string; to: string } => {
  const to = query.to
    ? new Date(
        Date.parse(isDay(query.to) ? `${query.to}T00:00:00Z` : query.to) +
          (isDay(query.to) ? DAY_MS : 0),
      )
    : now;
  const from = query.from
    ? new Date(isDay(query.from) ? `${query.from}T00:00:00Z` : query.from)
    : new Date(to.getTime() - DEFAULT_REPORT_DAYS * DAY_MS);
  if (!(from.getTime() < to.getTime())) {
    throw new ReportRangeError(
      `\`from\` (${from.toISOString()}) must be earlier than \`to\` (${to.toISOString()})`,
    );
  }
  return { from: from.toISOString(), to: to.toISOString() };
};

export class ReportFactError extends Error {
  override name = 'ReportFactError';
}

/** A customer mention and what triage made of it. */
export const mentionFact = (
  mention: Pick<Mention, 'brand' | 'createdAt' | 'source'>,
  classification: Pick<Classification, 'intents' | 'sentiment'>,
): ReportFact => ({
  kind: 'mention',
  brand: mention.brand,
  at: mention.createdAt,
  source: mention.source,
  intents: classification.intents,
  sentiment: classification.sentiment,
});

/** A case that was just opened. */
export const caseOpenedFact = (opened: CaseFigures): ReportFact => ({
  kind: 'case_opened',
  brand: opened.brand,
  at: opened.openedAt,
  priority: opened.priority,
  needsResponse: opened.needsResponse,
  amplify: opened.amplify,
});

/** A case that just got its first response (`firstResponseAt` and `firstResponseSeconds` set). */
export const firstResponseFact = (responded: CaseFigures): ReportFact => {
  const { firstResponseAt, firstResponseSeconds, sla } = responded;
  if (firstResponseAt === undefined || firstResponseSeconds === undefined) {
    throw new ReportFactError(`case ${responded.caseId} has no first response to count`);
  }
  const deadline = sla?.clock === 'first_response' ? sla.dueAt : undefined;
  return {
    kind: 'first_response',
    brand: responded.brand,
    at: responded.openedAt,
    priority: responded.priority,
    needsResponse: responded.needsResponse,
    seconds: firstResponseSeconds,
    ...(deadline === undefined
      ? {}
      : { slaMet: Date.parse(firstResponseAt) <= Date.parse(deadline) }),
  };
};

/** Counter names; flat, so a single update can add to many of them at once. */
export const COUNTER = {
  mentions: 'mentions',
  mentionsBySource: (source: string) => `mentions.source.${source}`,
  mentionsByIntent: (intent: string) => `mentions.intent.${intent}`,
  mentionsBySentiment: (sentiment: string) => `mentions.sentiment.${sentiment}`,
  opened: 'cases.opened',
  openedByPriority: (priority: Priority) => `cases.opened.${priority}`,
  openedNeedingResponse: 'cases.opened.needsResponse',
  openedToAmplify: 'cases.opened.amplify',
  responded: 'cases.responded',
  respondedNeedingResponse: 'cases.responded.needsResponse',
  firstResponseSum: 'frt.sum',
  firstResponseBucket: (index: number) => `frt.bucket.${index}`,
  /** Seconds summed per bucket: keeps a percentile within the times actually observed. */
  firstResponseBucketSum: (index: number) => `frt.bucketSum.${index}`,
  slaMet: (priority: Priority) => `sla.${priority}.met`,
  slaBreached: (priority: Priority) => `sla.${priority}.breached`,
} as const;

/** The histogram bucket a time to first response falls in (the last index is open-ended). */
export const firstResponseBucket = (seconds: number): number => {
  const index = FIRST_RESPONSE_BOUNDS.findIndex((bound) => seconds <= bound);
  return index === -1 ? FIRST_RESPONSE_BOUNDS.length : index;
};

/**
 * Counter items per brand and hour: each writer (a stream shard) adds to one of them, so writers
 * rarely touch the same item.
 */
export const COUNTER_SHARDS = 8;

/** One counter item's increment: one brand's hour (`YYYY-MM-DDTHH`, UTC). */
export interface CounterIncrement {
  readonly brand: string;
  readonly hour: string;
  readonly counts: Record<string, number>;
}

/** The UTC hour (`YYYY-MM-DDTHH`) an instant falls in. */
export const hourOf = (at: string | Date): string => new Date(at).toISOString().slice(0, 13);

/** The counter item shard a writer uses; any stable key (the stream shard id). */
export const counterShardOf = (key: string): number => {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % COUNTER_SHARDS;
};

/**
 * Counts not yet written, per brand and hour, keyed `<hour>#<brand>`: plain JSON, so it can be
 * the state a stream window carries from one invocation to the next.
 */
export type ReportTotals = Record<string, Record<string, number>>;

const countsOf = (fact: ReportFact): Record<string, number> => {
  switch (fact.kind) {
    case 'mention': {
      const counts: Record<string, number> = {
        [COUNTER.mentions]: 1,
        [COUNTER.mentionsBySource(fact.source)]: 1,
        [COUNTER.mentionsBySentiment(fact.sentiment)]: 1,
      };
      for (const intent of new Set(fact.intents)) counts[COUNTER.mentionsByIntent(intent)] = 1;
      return counts;
    }
    case 'case_opened':
      return {
        [COUNTER.opened]: 1,
        [COUNTER.openedByPriority(fact.priority)]: 1,
        ...(fact.needsResponse ? { [COUNTER.openedNeedingResponse]: 1 } : {}),
        ...(fact.amplify ? { [COUNTER.openedToAmplify]: 1 } : {}),
      };
    case 'first_response':
      return {
        [COUNTER.responded]: 1,
        ...(fact.needsResponse ? { [COUNTER.respondedNeedingResponse]: 1 } : {}),
        [COUNTER.firstResponseSum]: fact.seconds,
        [COUNTER.firstResponseBucket(firstResponseBucket(fact.seconds))]: 1,
        [COUNTER.firstResponseBucketSum(firstResponseBucket(fact.seconds))]: fact.seconds,
        ...(fact.slaMet === undefined
          ? {}
          : {
              [fact.slaMet ? COUNTER.slaMet(fact.priority) : COUNTER.slaBreached(fact.priority)]: 1,
            }),
      };
  }
};

/** `totals` with some facts added (a new object; `totals` is left as it was). */
export const addFacts = (totals: ReportTotals, facts: readonly ReportFact[]): ReportTotals => {
  const next: ReportTotals = Object.fromEntries(
    Object.entries(totals).map(([key, counts]) => [key, { ...counts }]),
  );
  for (const fact of facts) {
    const key = `${hourOf(fact.at)}#${fact.brand}`;
    const counts = next[key] ?? {};
    for (const [name, amount] of Object.entries(countsOf(fact))) {
      counts[name] = (counts[name] ?? 0) + amount;
    }
    next[key] = counts;
  }
  return next;
};

/** The increments in some totals, one per brand and hour. */
export const counterIncrements = (totals: ReportTotals): CounterIncrement[] =>
  Object.entries(totals).map(([key, counts]) => ({
    hour: key.slice(0, 13),
    brand: key.slice(14),
    counts,
  }));

/** One bucket of the first-response histogram: how many times fell in it, and their sum. */
export interface HistogramBucket {
  readonly count: number;
  /** Absent in counters written before bucket sums were kept. */
  readonly sum?: number;
}

/**
 * A percentile (nearest rank) of the first-response histogram. Within its bucket the times are
 * taken as spread evenly and symmetrically around the bucket's mean, never past the bucket's
 * bounds, so a bucket of one time answers that time exactly and no percentile exceeds what was
 * observed by more than the spread its bucket allows. Without bucket sums (older counters), the
 * rank is interpolated linearly within the bucket; the open-ended last bucket answers with its
 * lower bound.
 */
export const histogramPercentile = (
  buckets: readonly HistogramBucket[],
  fraction: number,
): number | null => {
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * total));
  let below = 0;
  for (const [index, { count, sum }] of buckets.entries()) {
    if (count > 0 && below + count >= rank) {
      const lower = index === 0 ? 0 : (FIRST_RESPONSE_BOUNDS[index - 1] ?? 0);
      const upper = FIRST_RESPONSE_BOUNDS[index];
      if (sum !== undefined && sum > 0) {
        const mean = sum / count;
        if (count === 1) return mean;
        const half = Math.min(mean - lower, (upper ?? Number.POSITIVE_INFINITY) - mean);
        return mean - half + (2 * half * (rank - below - 1)) / (count - 1);
      }
      if (upper === undefined) return lower;
      return lower + ((upper - lower) * (rank - below)) / count;
    }
    below += count;
  }
  return FIRST_RESPONSE_BOUNDS[FIRST_RESPONSE_BOUNDS.length - 1] ?? null;
};

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

const byPrefix = (totals: Record<string, number>, prefix: string): Record<string, number> =>
  Object.fromEntries(
    Object.entries(totals)
      .filter(([name]) => name.startsWith(prefix) && !name.slice(prefix.length).includes('.'))
      .map(([name, count]) => [name.slice(prefix.length), count]),
  );

/** The summary of a range from the counter items of its hours (any number of shards and brands). */
export const summarizeReport = (
  range: { from: string; to: string; brand?: string },
  items: readonly Record<string, number>[],
): ReportSummary => {
  const totals: Record<string, number> = {};
  for (const item of items) {
    for (const [name, count] of Object.entries(item)) totals[name] = (totals[name] ?? 0) + count;
  }
  const count = (name: string) => totals[name] ?? 0;
  const buckets = Array.from(
    { length: FIRST_RESPONSE_BOUNDS.length + 1 },
    (_, index): HistogramBucket => {
      const sum = totals[COUNTER.firstResponseBucketSum(index)];
      return {
        count: count(COUNTER.firstResponseBucket(index)),
        ...(sum === undefined ? {} : { sum }),
      };
    },
  );
  const responded = count(COUNTER.responded);
  const sla = Object.fromEntries(
    Priority.options.map((priority) => {
      const met = count(COUNTER.slaMet(priority));
      const breached = count(COUNTER.slaBreached(priority));
      return [priority, { met, breached, attainment: ratio(met, met + breached) }];
    }),
  );
  return {
    from: range.from,
    to: range.to,
    ...(range.brand ? { brand: range.brand } : {}),
    mentions: {
      total: count(COUNTER.mentions),
      bySource: byPrefix(totals, 'mentions.source.'),
      byIntent: byPrefix(totals, 'mentions.intent.'),
      bySentiment: byPrefix(totals, 'mentions.sentiment.'),
    },
    cases: {
      opened: count(COUNTER.opened),
      openedByPriority: Object.fromEntries(
        Priority.options.map((priority) => [priority, count(COUNTER.openedByPriority(priority))]),
      ),
      needingResponse: count(COUNTER.openedNeedingResponse),
      toAmplify: count(COUNTER.openedToAmplify),
      responded,
      responseRate: ratio(
        count(COUNTER.respondedNeedingResponse),
        count(COUNTER.openedNeedingResponse),
      ),
    },
    firstResponse: {
      count: responded,
      meanSeconds: ratio(count(COUNTER.firstResponseSum), responded),
      medianSeconds: histogramPercentile(buckets, 0.5),
      p90Seconds: histogramPercentile(buckets, 0.9),
    },
    sla,
  };
};
