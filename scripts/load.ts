/**
 * npm run load: the full-size load test on loopback (20,000 webhooks from 1,000 authors, 32 in
 * flight) against an in-memory local runtime. Exits 1 when a webhook got a 5xx, a mention was lost
 * or duplicated, or a case is missing.
 *
 *   npm run load -- [--webhooks 20000] [--authors 1000] [--concurrency 32] [--json]
 *   npm run load -- --storm [--storm-size 2000] [--unrelated 200] [--minutes 5] [--json]
 */
import { writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoadReport, loadProblems, runLoad } from './bench/load-driver';
import {
  LOAD_USAGE,
  LoadUsageError,
  parseLoadOptions,
  type StormOptions,
} from './bench/load-options';
import { startLoadRuntime } from './bench/load-runtime';
import { runStorm, stormConfig, stormProblems } from './bench/storm-driver';

/** The storm at full size against a runtime with the default configuration. */
const storm = async (options: StormOptions, json: boolean) => {
  const plan = {
    storm: options.size,
    unrelated: options.unrelated,
    minCount: 20,
    spreadMs: options.minutes * 60_000,
    concurrency: 32,
    settleTimeoutMs: 600_000,
  };
  const configFile = join(tmpdir(), `storm-config-${process.pid}.json`);
  writeFileSync(configFile, JSON.stringify(stormConfig(plan)));
  const target = await startLoadRuntime({ configFile });
  // The machine's load shapes the figures (the opening delay above all): it is reported with them.
  const loadBefore = loadavg()[0] ?? 0;
  let report: Awaited<ReturnType<typeof runStorm>>;
  try {
    report = await runStorm(target, plan);
  } finally {
    await target.stop();
  }
  const loadAfter = loadavg()[0] ?? 0;
  const problems = stormProblems(plan, report);
  if (json) console.log(JSON.stringify({ ...report, loadAverage: [loadBefore, loadAfter] }));
  else {
    console.log(
      [
        `load average (1 min) ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end`,
        `storm ${plan.storm} complaints + ${plan.unrelated} unrelated over ${options.minutes} min; acknowledged ${report.acknowledged}`,
        `incidents ${report.incidents}; opened ${(report.openedAfterThresholdMs / 1000).toFixed(1)} s after the threshold`,
        `storm cases ${report.stormCases}, in the incident ${report.stormCasesInIncident}`,
        `alerts for the incident: Slack ${report.slackMessages}, PagerDuty ${report.pagerDutyEvents}`,
        `all alerts: Slack ${report.slackTotal} messages (${report.slackDigests} digests of held alerts), PagerDuty ${report.pagerDutyTotal} events; refused with 429: ${report.refused}`,
        `unrelated cases ${report.unrelatedCases}, escalated on their own ${report.unrelatedEscalated}, in the incident ${report.unrelatedInIncident}`,
        `dead letters ${JSON.stringify(report.deadLetters)}`,
        problems.length ? `FAILED: ${problems.join('; ')}` : 'passed',
      ].join('\n'),
    );
  }
  process.exitCode = problems.length ? 1 : 0;
};

const main = async () => {
  const options = parseLoadOptions(process.argv.slice(2));
  if (options === 'help') {
    console.log(LOAD_USAGE);
    return;
  }
  if (options.storm) {
    await storm(options.storm, options.json);
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
