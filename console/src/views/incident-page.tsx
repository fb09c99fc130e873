/**
 * One incident: its topic, start, counts over time, what customers say, the alerts it raised,
 * its cases with links, and resolving it with every case it holds.
 */
import { useState } from 'preact/hooks';
import { getJson, postJson } from '../api/client';
import type { CaseSummary, IncidentDetail, IncidentResolved } from '../api/types';
import { useResource } from '../api/use-resource';
import { useSubmission } from '../api/use-submission';
import { SourceBadge } from '../components/badges';
import { CaseRow } from '../components/case-row';
import { StackedBars } from '../components/charts';
import { isNotFound, NotLoaded } from '../components/not-loaded';
import { formatTime } from '../time';
import { countsOverTime, topicLabel } from './incident-facts';
import { IncidentReplyForm } from './incident-reply';
import { IncidentStatusBadge, incidentLink } from './incidents';

const CASES_PAGE_SIZE = 50;
const REFRESH_MS = 10_000;

const clockTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

const CountsChart = ({ counts }: { counts: IncidentDetail['incident']['counts'] }) => {
  const buckets = countsOverTime(counts);
  if (buckets.length === 0) return <p class="muted">No case has joined yet.</p>;
  return (
    <StackedBars
      title="Cases joining over time"
      buckets={buckets.map((bucket) => clockTime.format(new Date(bucket.at)))}
      series={[{ label: 'cases joined', values: buckets.map((bucket) => bucket.count) }]}
    />
  );
};

const Alerts = ({ incident }: { incident: IncidentDetail['incident'] }) =>
  incident.channels.length === 0 ? (
    <p class="muted">No channel of the incident ladder took this topic: nobody was alerted.</p>
  ) : (
    <>
      <ul class="incident-alerts">
        {incident.channels.map((channel) => (
          <li key={channel}>
            <strong>{channel}</strong>{' '}
            <span class="muted">
              {incident.status === 'resolved'
                ? 'announced it, heard of its growth and of its end'
                : 'announced it and hears of its growth'}
            </span>
          </li>
        ))}
      </ul>
      <p class="muted">
        One alert per channel, updated as the count grows (the same Slack thread, the same PagerDuty
        dedup key); its cases raise none of their own.
      </p>
    </>
  );

const ResolveForm = (props: {
  incidentId: string;
  open: boolean;
  caseCount: number;
  unresolvedShown: number;
  onResolved: () => Promise<void>;
}) => {
  const [reason, setReason] = useState('');
  const { state, submit } = useSubmission<IncidentResolved>();
  if (!props.open && props.unresolvedShown === 0 && state.kind !== 'done') return null;
  const label = props.open
    ? `Resolve the incident and its ${props.caseCount} case${props.caseCount === 1 ? '' : 's'}`
    : 'Resolve its cases still open';
  return (
    <form
      class="text-action resolve-incident"
      onSubmit={async (event) => {
        event.preventDefault();
        await submit(
          () =>
            postJson<IncidentResolved>(
              `/incidents/${encodeURIComponent(props.incidentId)}/resolve`,
              reason.trim() ? { reason: reason.trim() } : {},
            ),
          async () => {
            await props.onResolved();
            setReason('');
          },
        );
      }}
    >
      <label for="resolve-reason">Why it is over (recorded on every case; optional)</label>
      <input
        id="resolve-reason"
        value={reason}
        placeholder="the app is back up"
        onInput={(event) => setReason(event.currentTarget.value)}
      />
      <button type="submit" class="primary" disabled={state.kind === 'busy'}>
        {label}
      </button>
      <p class={state.kind === 'error' ? 'status-line error' : 'status-line'} role="status">
        {state.kind === 'busy' ? 'Resolving…' : null}
        {state.kind === 'done'
          ? `Resolved: ${state.result.resolvedCases} case${state.result.resolvedCases === 1 ? '' : 's'} resolved now, ${state.result.unchangedCases} already resolved or unchanged.`
          : null}
        {state.kind === 'error' ? `Resolve failed: ${state.message}` : null}
      </p>
    </form>
  );
};

export const IncidentView = (props: { incidentId: string; query: URLSearchParams }) => {
  const cursor = props.query.get('cursor') ?? '';
  const resource = useResource(
    (signal) =>
      getJson<IncidentDetail>(
        `/incidents/${encodeURIComponent(props.incidentId)}?${new URLSearchParams({
          limit: String(CASES_PAGE_SIZE),
          ...(cursor ? { cursor } : {}),
        })}`,
        signal,
      ),
    `${props.incidentId} ${cursor}`,
    REFRESH_MS,
  );
  const detail = resource.data;
  if (!detail || isNotFound(resource.error)) {
    return (
      <NotLoaded
        what="incident"
        id={props.incidentId}
        error={resource.error}
        back={{ href: '/incidents', label: 'All incidents' }}
      />
    );
  }
  const { incident, cases } = detail;
  const unresolved = cases.filter((item: CaseSummary) => item.status !== 'resolved').length;
  return (
    <article class="incident" aria-labelledby="incident-title">
      <p class="crumbs">
        <a href="/incidents">← Incidents</a>
      </p>
      <header class="case-head">
        <h1 id="incident-title">{topicLabel(incident.topic)}</h1>
        <div class="badges">
          <IncidentStatusBadge status={incident.status} />
          <span class="badge source">{incident.brand}</span>
        </div>
        <p class="muted">
          Started {formatTime(incident.openedAt)} with {incident.openedWith} mentions in its window
          (usually {Math.round(incident.baselinePerWindow * 10) / 10}) · topic{' '}
          <code>{incident.topic}</code>
          {incident.resolvedAt
            ? ` · resolved ${formatTime(incident.resolvedAt)}${incident.resolvedBy ? ` by ${incident.resolvedBy.id}` : ''}`
            : ''}
        </p>
      </header>
      <dl class="kpis">
        <div>
          <dt>Cases</dt>
          <dd>{incident.caseCount}</dd>
        </div>
        <div>
          <dt>Still open (this page)</dt>
          <dd>{unresolved}</dd>
        </div>
        <div>
          <dt>Alerted</dt>
          <dd>{incident.channels.length ? incident.channels.join(', ') : 'nobody'}</dd>
        </div>
      </dl>
      <IncidentReplyForm
        incidentId={incident.incidentId}
        anyOpen={incident.status === 'open' || unresolved > 0 || Boolean(detail.cursor || cursor)}
        onReplied={resource.reload}
      />
      <ResolveForm
        incidentId={incident.incidentId}
        open={incident.status === 'open'}
        caseCount={incident.caseCount}
        unresolvedShown={unresolved}
        onResolved={resource.reload}
      />
      <div class="case-grid">
        <section class="story" aria-labelledby="incident-cases-title">
          <h2 id="incident-cases-title">Its cases</h2>
          <CountsChart counts={incident.counts} />
          {cases.length === 0 ? <p class="empty">No case has joined yet.</p> : null}
          <ul class="queue" aria-label="Cases in this incident">
            {cases.map((item) => (
              <CaseRow key={item.caseId} item={item} />
            ))}
          </ul>
          <p class="pager">
            {cursor ? <a href={incidentLink(incident.incidentId)}>First cases</a> : null}
            {detail.cursor ? (
              <a
                href={`${incidentLink(incident.incidentId)}?${new URLSearchParams({ cursor: detail.cursor })}`}
              >
                More cases
              </a>
            ) : null}
          </p>
        </section>
        <aside class="side">
          <section aria-labelledby="samples-title">
            <h2 id="samples-title">What customers say</h2>
            <ul class="cards samples">
              {incident.samples.map((sample) => (
                <li key={sample.caseId} class="card">
                  <div class="card-head">
                    <strong>{sample.author}</strong>
                    <SourceBadge source={sample.source} />
                  </div>
                  <blockquote>{sample.excerpt}</blockquote>
                  <div class="card-foot">
                    {sample.url ? (
                      <a href={sample.url} target="_blank" rel="noopener noreferrer">
                        Open post
                      </a>
                    ) : null}
                    <a href={`/cases/${encodeURIComponent(sample.caseId)}`}>Open case</a>
                  </div>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="alerts-title">
            <h2 id="alerts-title">Alerts</h2>
            <Alerts incident={incident} />
          </section>
        </aside>
      </div>
    </article>
  );
};
