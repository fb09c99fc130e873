/** The summary report as charts, over a date range in the URL (default: the last 7 days). */
import { getJson } from '../api/client';
import { PRIORITIES, type ReportSummary } from '../api/types';
import { useResource } from '../api/use-resource';
import { PercentBars, type Series, StackedBars } from '../components/charts';
import { navigate } from '../router';
import { duration } from '../time';

const DAY_MS = 86_400_000;
/** Longer ranges are charted per week, so a chart never has more than ~31 bars. */
const MAX_DAILY_BUCKETS = 31;

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The range as whole UTC days, `from` and `to` inclusive; the last 7 days by default. */
export const reportRange = (
  query: URLSearchParams,
  now = Date.now(),
): { from: string; to: string } => {
  const valid = (text: string | null) =>
    text && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text)) ? text : undefined;
  const to = valid(query.get('to')) ?? isoDay(now);
  const from = valid(query.get('from')) ?? isoDay(Date.parse(to) - 6 * DAY_MS);
  return Date.parse(from) <= Date.parse(to) ? { from, to } : { from: to, to };
};

/** [start, end) of each chart bucket: a day, or a week for long ranges. */
const bucketsOf = (from: string, to: string): { label: string; start: number; end: number }[] => {
  const start = Date.parse(from);
  const end = Date.parse(to) + DAY_MS;
  const days = Math.round((end - start) / DAY_MS);
  const step = days > MAX_DAILY_BUCKETS ? 7 * DAY_MS : DAY_MS;
  const buckets = [];
  for (let at = start; at < end; at += step) {
    buckets.push({ label: isoDay(at).slice(5), start: at, end: Math.min(end, at + step) });
  }
  return buckets;
};

const summary = (start: number, end: number, signal: AbortSignal) =>
  getJson<ReportSummary>(
    `/reports/summary?${new URLSearchParams({ from: new Date(start).toISOString(), to: new Date(end).toISOString() })}`,
    signal,
  );

const seriesOf = (
  reports: readonly ReportSummary[],
  pick: (report: ReportSummary) => Record<string, number>,
): Series[] => {
  const labels = [...new Set(reports.flatMap((report) => Object.keys(pick(report))))].sort();
  return labels.map((label) => ({
    label,
    values: reports.map((report) => pick(report)[label] ?? 0),
  }));
};

const seconds = (value: number | null): string => (value === null ? '—' : duration(value * 1000));

export const ReportsView = ({ query }: { query: URLSearchParams }) => {
  const { from, to } = reportRange(query);
  const buckets = bucketsOf(from, to);
  const reports = useResource(async (signal) => {
    const [total, ...perBucket] = await Promise.all([
      summary(Date.parse(from), Date.parse(to) + DAY_MS, signal),
      ...buckets.map((bucket) => summary(bucket.start, bucket.end, signal)),
    ]);
    if (!total) throw new Error('no report');
    return { total, perBucket };
  }, `${from}/${to}`);
  const setRange = (name: 'from' | 'to', value: string) => {
    const next = new URLSearchParams({ from, to });
    next.set(name, value);
    navigate(`/reports?${next}`, { replace: true });
  };
  const labels = buckets.map((bucket) => bucket.label);
  const data = reports.data;

  return (
    <section aria-labelledby="reports-title">
      <div class="view-head">
        <h1 id="reports-title">Reports</h1>
        <form class="range" onSubmit={(event) => event.preventDefault()} aria-label="Date range">
          <label class="field">
            <span>From</span>
            <input
              type="date"
              value={from}
              max={to}
              onChange={(event) => setRange('from', event.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>To</span>
            <input
              type="date"
              value={to}
              min={from}
              onChange={(event) => setRange('to', event.currentTarget.value)}
            />
          </label>
        </form>
      </div>
      {reports.error ? (
        <p class="error" role="alert">
          Could not load the report: {reports.error.message}
        </p>
      ) : null}
      {!data ? (
        <p aria-live="polite">Loading report…</p>
      ) : (
        <>
          <dl class="kpis">
            <div>
              <dt>Mentions</dt>
              <dd>{data.total.mentions.total}</dd>
            </div>
            <div>
              <dt>Cases opened</dt>
              <dd>{data.total.cases.opened}</dd>
            </div>
            <div>
              <dt>Response rate</dt>
              <dd>
                {data.total.cases.responseRate === null
                  ? '—'
                  : `${Math.round(data.total.cases.responseRate * 100)}%`}
              </dd>
            </div>
            <div>
              <dt>First response, median</dt>
              <dd>{seconds(data.total.firstResponse.medianSeconds)}</dd>
            </div>
            <div>
              <dt>First response, p90</dt>
              <dd>{seconds(data.total.firstResponse.p90Seconds)}</dd>
            </div>
          </dl>
          <div class="charts">
            <StackedBars
              title="Mentions by source"
              buckets={labels}
              series={seriesOf(data.perBucket, (report) => report.mentions.bySource)}
            />
            <StackedBars
              title="Mentions by intent"
              buckets={labels}
              series={seriesOf(data.perBucket, (report) => report.mentions.byIntent)}
            />
            <StackedBars
              title="Mentions by sentiment"
              buckets={labels}
              series={seriesOf(data.perBucket, (report) => report.mentions.bySentiment)}
            />
            <StackedBars
              title="Time to first response (median, p90)"
              buckets={labels}
              format={(value) => duration(value * 1000)}
              series={[
                {
                  label: 'median',
                  values: data.perBucket.map((report) => report.firstResponse.medianSeconds ?? 0),
                },
                {
                  label: 'p90 above median',
                  values: data.perBucket.map((report) =>
                    Math.max(
                      0,
                      (report.firstResponse.p90Seconds ?? 0) -
                        (report.firstResponse.medianSeconds ?? 0),
                    ),
                  ),
                },
              ]}
            />
            <PercentBars
              title="SLA attainment per priority (first responses within the deadline)"
              rows={PRIORITIES.map((priority) => {
                const sla = data.total.sla[priority];
                return {
                  label: priority,
                  value: sla?.attainment ?? null,
                  note: sla ? `${sla.met} met, ${sla.breached} breached` : '',
                };
              })}
            />
          </div>
        </>
      )}
    </section>
  );
};
