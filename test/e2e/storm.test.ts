/**
 * The storm test at CI size: 200 complaints about one outage from 200 authors and 40 unrelated
 * mentions, with the incident threshold lowered to 10, against the local runtime; `npm run load --
 * --storm` runs 2,000 + 200 at the default threshold with the same driver, and also holds the
 * time the incident took to open against its target (a figure for the load run, not for a test).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalClock } from '../../infra/local/clock';
import { startLoadRuntime } from '../../scripts/bench/load-runtime';
import { runStorm, stormConfig } from '../../scripts/bench/storm-driver';

const PLAN = {
  storm: 200,
  unrelated: 40,
  minCount: 10,
  spreadMs: 0,
  concurrency: 16,
  settleTimeoutMs: 180_000,
};

describe('storm on loopback', () => {
  let target: Awaited<ReturnType<typeof startLoadRuntime>>;
  beforeAll(async () => {
    const configFile = join(tmpdir(), `storm-config-${process.pid}.json`);
    writeFileSync(configFile, JSON.stringify(stormConfig(PLAN)));
    target = await startLoadRuntime({ clock: new LocalClock({ rate: 1 }), configFile });
  }, 120_000);
  afterAll(async () => target?.stop(), 30_000);

  it('makes one incident of the storm, pages a handful of times, and lets the rest escalate as usual', async () => {
    const report = await runStorm(target, PLAN);

    expect(report).toMatchObject({
      acknowledged: 240,
      incidents: 1,
      stormCases: 200,
      stormCasesInIncident: 200,
      unrelatedCases: 40,
      unrelatedInIncident: 0,
      unrelatedEscalated: 40,
      deadLetters: { 'mentions-dlq': 0, 'notify-dlq': 0 },
    });
    expect(report.slackMessages).toBeGreaterThanOrEqual(1);
    expect(report.slackMessages).toBeLessThanOrEqual(10);
    expect(report.pagerDutyEvents).toBeGreaterThanOrEqual(1);
    expect(report.pagerDutyEvents).toBeLessThanOrEqual(3);
  }, 300_000);
});
