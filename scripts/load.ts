/**
 * npm run load: the full-size load test on loopback (20,000 webhooks from 1,000 authors, 32 in
 * flight) against an in-memory local runtime. Exits 1 when a webhook got a 5xx, a mention was lost
 * or duplicated, or a case is missing.
 *
 *   npm run load -- [--webhooks 20000] [--authors 1000] [--concurrency 32] [--json]
 */
import { type LoadReport, loadProblems, runLoad } from './bench/load-driver';
import { LOAD_USAGE, LoadUsageError, parseLoadOptions } from './bench/load-options';
import { startLoadRuntime } from './bench/load-runtime';

const main = async () => {
  const options = parseLoadOptions(process.argv.slice(2));
  if (options === 'help') {
    console.log(LOAD_USAGE);
    return;
  }
  const plan = {
    webhooks: options.webhooks,
    authors: options.authors,
    concurrency: options.concurrency,
    settleTimeoutMs: 300_000,
  };
  const target = await startLoadRuntime();
  let report: LoadReport;
  try {
    report = await runLoad(target, plan);
  } finally {
    await target.stop();
  }
  const problems = loadProblems(report);
  if (options.json) console.log(JSON.stringify(report));
  else {
    console.log(
      [
        `webhooks ${report.webhooks} from ${report.authors} authors, ${report.concurrency} in flight`,
        `answers ${JSON.stringify(report.statuses)}; acknowledged ${report.acknowledged}`,
        `cases expected ${report.casesExpected}, stored ${report.casesStored}, listed by the API ${report.casesListed}`,
        `lost ${report.lost}, duplicates ${report.duplicates}`,
        `${report.mentionsPerSec} mentions/s over ${(report.durationMs / 1000).toFixed(1)} s; webhook → case p50 ${report.latencyMs.p50} ms, p90 ${report.latencyMs.p90} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`,
        problems.length
          ? `FAILED: ${problems.join('; ')}`
          : 'passed: nothing lost, nothing duplicated, no 5xx',
      ].join('\n'),
    );
  }
  process.exitCode = problems.length ? 1 : 0;
};

main().catch((error: unknown) => {
  console.error(error instanceof LoadUsageError ? error.message : error);
  process.exitCode = error instanceof LoadUsageError ? 2 : 1;
});
