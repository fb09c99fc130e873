import {
  addFacts,
  COUNTER,
  counterIncrements,
  FIRST_RESPONSE_BOUNDS,
  firstResponseBucket,
  histogramPercentile,
  type ReportFact,
  summarizeReport,
} from '../../../shared/domain/cases/reports';

const opened = (needsResponse = true, amplify = false): ReportFact => ({
  kind: 'case_opened',
  brand: 'acme-air',
  at: '2025-05-13T09:14:07.000Z',
  priority: 'P1',
  needsResponse,
  amplify,
});

describe('firstResponseBucket', () => {
  it('puts a time in the first bucket whose upper bound holds it, past the last in the open one', () => {
    expect(firstResponseBucket(30)).toBe(0);
    expect(firstResponseBucket(31)).toBe(1);
    expect(firstResponseBucket(10_000_000)).toBe(FIRST_RESPONSE_BOUNDS.length);
  });
});

describe('histogramPercentile', () => {
  const histogram = (filled: Record<number, { count: number; sum?: number }>) =>
    Array.from(
      { length: FIRST_RESPONSE_BOUNDS.length + 1 },
      (_, index) => filled[index] ?? { count: 0 },
    );

  it('answers the observed time when its bucket holds one, never more than the largest', () => {
    // 100 s in (60, 120] and 500 s in (300, 600]: linear interpolation said 120 and 540.
    const buckets = histogram({ 2: { count: 1, sum: 100 }, 4: { count: 1, sum: 500 } });
    expect(histogramPercentile(buckets, 0.5)).toBe(100);
    expect(histogramPercentile(buckets, 0.9)).toBe(500);
  });

  it('spreads several times evenly around their mean within the bucket', () => {
    // 310 s, 320 s and 330 s in (300, 600]: mean 320, spread 20 either side, bounded by 300.
    const buckets = histogram({ 4: { count: 3, sum: 960 } });
    expect(histogramPercentile(buckets, 0.5)).toBe(320);
    expect(histogramPercentile(buckets, 0.9)).toBe(340);
    expect(histogramPercentile(buckets, 0.1)).toBe(300);
  });

  it('interpolates within the bucket for counters written without bucket sums', () => {
    const buckets = histogram({ 2: { count: 1 }, 4: { count: 1 } });
    expect(histogramPercentile(buckets, 0.5)).toBe(120);
    expect(histogramPercentile(buckets, 0.9)).toBe(600);
  });

  it('answers null without responses and the lower bound in the open bucket without sums', () => {
    expect(histogramPercentile(histogram({}), 0.5)).toBeNull();
    const open = histogram({ [FIRST_RESPONSE_BOUNDS.length]: { count: 3 } });
    expect(histogramPercentile(open, 0.9)).toBe(604800);
  });
});

describe('counterIncrements', () => {
  it('merges facts of the same brand and hour into one update', () => {
    const increments = counterIncrements(addFacts({}, [opened(), opened()]));
    expect(increments).toHaveLength(1);
    expect(increments[0]).toMatchObject({
      brand: 'acme-air',
      hour: '2025-05-13T09',
      counts: { [COUNTER.opened]: 2, [COUNTER.openedByPriority('P1')]: 2 },
    });
  });

  it('counts a mention once per intent, source and sentiment', () => {
    const [increment] = counterIncrements(
      addFacts({}, [
        {
          kind: 'mention',
          brand: 'acme-air',
          at: '2025-05-13T09:14:07+02:00',
          source: 'x',
          intents: ['complaint', 'request', 'complaint'],
          sentiment: 'negative',
        },
      ]),
    );
    expect(increment?.hour).toBe('2025-05-13T07');
    expect(increment?.counts).toEqual({
      mentions: 1,
      'mentions.source.x': 1,
      'mentions.sentiment.negative': 1,
      'mentions.intent.complaint': 1,
      'mentions.intent.request': 1,
    });
  });
});

describe('summarizeReport', () => {
  it('sums shards and derives response rate, mean and SLA attainment', () => {
    const items = counterIncrements(
      addFacts({}, [
        opened(),
        opened(),
        opened(false, true),
        {
          kind: 'first_response',
          brand: 'acme-air',
          at: '2025-05-13T09:14:07.000Z',
          priority: 'P1',
          needsResponse: true,
          seconds: 100,
          slaMet: true,
        },
        {
          kind: 'first_response',
          brand: 'acme-air',
          at: '2025-05-13T09:14:07.000Z',
          priority: 'P1',
          needsResponse: true,
          seconds: 1500,
          slaMet: false,
        },
      ]),
    ).map((increment) => increment.counts);
    const summary = summarizeReport(
      { from: '2025-05-13T00:00:00Z', to: '2025-05-14T00:00:00Z' },
      items,
    );
    expect(summary.cases).toMatchObject({
      opened: 3,
      needingResponse: 2,
      responded: 2,
      responseRate: 1,
      toAmplify: 1,
      openedByPriority: { P1: 3, P2: 0 },
    });
    expect(summary.firstResponse).toEqual({
      count: 2,
      meanSeconds: 800,
      medianSeconds: 100,
      p90Seconds: 1500,
    });
    expect(summary.sla.P1).toEqual({ met: 1, breached: 1, attainment: 0.5 });
    expect(summary.sla.P2).toEqual({ met: 0, breached: 0, attainment: null });
  });
});
