import fc from 'fast-check';
import { IncidentPolicy } from '../../../shared/domain/incidents/policy';
import {
  assessSpike,
  growthChannels,
  minuteOf,
  openingChannels,
  spikePeriods,
} from '../../../shared/domain/incidents/spike';

const policy = IncidentPolicy.parse({});

describe('spikePeriods', () => {
  it('covers the last ten minutes and the 24 whole hours before the hour the window starts in', () => {
    expect(spikePeriods(new Date('2026-11-30T22:05:30Z'), policy)).toEqual({
      firstMinute: '2026-11-30T21:56',
      lastMinute: '2026-11-30T22:05',
      firstBaselineHour: '2026-11-29T21',
      lastBaselineHour: '2026-11-30T20',
    });
  });

  it('holds exactly windowMinutes minutes whatever the time', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 60 }),
        (now, windowMinutes) => {
          const periods = spikePeriods(now, { windowMinutes, baselineHours: 24 });
          const span =
            (Date.parse(`${periods.lastMinute}Z`) - Date.parse(`${periods.firstMinute}Z`)) / 60_000;
          expect(span).toBe(windowMinutes - 1);
          expect(periods.lastMinute).toBe(minuteOf(now));
          expect(`${periods.lastBaselineHour}:59` < periods.firstMinute).toBe(true);
        },
      ),
    );
  });
});

describe('assessSpike', () => {
  it('opens at 20 complaints in the window when the topic is usually quiet', () => {
    expect(assessSpike({ windowCount: 19, baselineCount: 0 }, policy).spike).toBe(false);
    expect(assessSpike({ windowCount: 20, baselineCount: 0 }, policy).spike).toBe(true);
  });

  it('needs five times the usual rate of a busy topic', () => {
    // 720 a day is 5 per ten minutes: a spike needs 25.
    expect(assessSpike({ windowCount: 24, baselineCount: 720 }, policy)).toEqual({
      spike: false,
      windowCount: 24,
      baselinePerWindow: 5,
    });
    expect(assessSpike({ windowCount: 25, baselineCount: 720 }, policy).spike).toBe(true);
  });

  it('never fires below minCount nor below the baseline factor', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.nat(50_000), (windowCount, baselineCount) => {
        const { spike, baselinePerWindow } = assessSpike({ windowCount, baselineCount }, policy);
        expect(spike).toBe(windowCount >= 20 && windowCount >= 5 * baselinePerWindow);
      }),
    );
  });
});

describe('incident ladder', () => {
  const { ladder } = policy;

  it('announces outages to Slack and PagerDuty, other topics to Slack only', () => {
    expect(openingChannels(ladder, 'urgency:outage')).toEqual(['slack', 'pagerduty']);
    expect(openingChannels(ladder, 'term:checkout')).toEqual(['slack']);
  });

  it('updates Slack at every doubling and PagerDuty at every tenfold rise', () => {
    expect(growthChannels(ladder, 'urgency:outage', 20, 38, 39)).toEqual([]);
    expect(growthChannels(ladder, 'urgency:outage', 20, 39, 40)).toEqual(['slack']);
    expect(growthChannels(ladder, 'urgency:outage', 20, 199, 200)).toEqual(['pagerduty']);
    expect(growthChannels(ladder, 'urgency:outage', 20, 150, 330)).toEqual(['slack', 'pagerduty']);
  });

  it('sends 7 Slack messages and 3 PagerDuty events for a storm of 2,000, counted one case at a time', () => {
    const sent = new Map<string, number>();
    const send = (channel: string) => sent.set(channel, (sent.get(channel) ?? 0) + 1);
    openingChannels(ladder, 'urgency:outage').forEach(send);
    for (let count = 21; count <= 2_000; count += 1) {
      growthChannels(ladder, 'urgency:outage', 20, count - 1, count).forEach(send);
    }
    expect(Object.fromEntries(sent)).toEqual({ slack: 7, pagerduty: 3 });
  });
});
