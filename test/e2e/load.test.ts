/**
 * The load test at CI size: 1,000 signed webhooks from 100 authors, 32 in flight, against the
 * local runtime; `npm run load` runs the full 20,000 from 1,000 authors with the same driver.
 */
import { loadProblems, runLoad } from '../../scripts/bench/load-driver';
import { startLoadRuntime } from '../../scripts/bench/load-runtime';

describe('load on loopback', () => {
  let target: Awaited<ReturnType<typeof startLoadRuntime>>;
  beforeAll(async () => {
    target = await startLoadRuntime();
  }, 60_000);
  afterAll(async () => target?.stop(), 30_000);

  it('stores every acknowledged mention exactly once and opens one case per author, with no 5xx', async () => {
    const report = await runLoad(target, {
      webhooks: 1_000,
      authors: 100,
      concurrency: 32,
      settleTimeoutMs: 120_000,
    });

    expect(report.statuses).toEqual({ 200: 1_000 });
    expect(report).toMatchObject({
      acknowledged: 1_000,
      serverErrors: 0,
      lost: 0,
      duplicates: 0,
      casesExpected: 100,
      casesStored: 100,
      casesListed: 100,
    });
    expect(loadProblems(report)).toEqual([]);
  }, 240_000);
});
