/** Incidents, newest first: many customers reporting one problem, each a link to its page. */
import { getJson } from '../api/client';
import type { Incident, IncidentList } from '../api/types';
import { useResource } from '../api/use-resource';
import { formatTime } from '../time';
import { topicLabel } from './incident-facts';

const PAGE_SIZE = 25;
const REFRESH_MS = 15_000;

export const incidentLink = (incidentId: string) => `/incidents/${encodeURIComponent(incidentId)}`;

export const IncidentStatusBadge = ({ status }: { status: Incident['status'] }) => (
  <span class={`badge incident-status ${status}`}>{status}</span>
);

const IncidentRow = ({ incident }: { incident: Incident }) => (
  <li>
    <a class="incident-row" href={incidentLink(incident.incidentId)}>
      <span class="incident-topic">{topicLabel(incident.topic)}</span>
      <IncidentStatusBadge status={incident.status} />
      <span>
        <strong>{incident.caseCount}</strong> case{incident.caseCount === 1 ? '' : 's'}
      </span>
      <span class="muted">
        {incident.brand} · opened {formatTime(incident.openedAt)}
        {incident.resolvedAt ? ` · resolved ${formatTime(incident.resolvedAt)}` : ''}
      </span>
    </a>
  </li>
);

export const IncidentsView = ({ query }: { query: URLSearchParams }) => {
  const cursor = query.get('cursor') ?? '';
  const incidents = useResource(
    (signal) =>
      getJson<IncidentList>(
        `/incidents?${new URLSearchParams({ limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) })}`,
        signal,
      ),
    `incidents ${cursor}`,
    REFRESH_MS,
  );
  const items = incidents.data?.items ?? [];
  const open = items.filter((incident) => incident.status === 'open').length;
  return (
    <section aria-labelledby="incidents-title">
      <div class="view-head">
        <h1 id="incidents-title">Incidents</h1>
        <p class="muted" aria-live="polite">
          {incidents.data
            ? `${items.length} incident${items.length === 1 ? '' : 's'}${open ? ` · ${open} open` : ''}${cursor ? ' · older' : ''}`
            : 'Loading…'}
        </p>
      </div>
      <p class="muted">
        Many customers reporting one problem at once: their cases are held together, escalate once
        and are answered and resolved as one.
      </p>
      {incidents.error ? (
        <p class="error" role="alert">
          Could not load incidents: {incidents.error.message}
        </p>
      ) : null}
      {incidents.data && items.length === 0 ? (
        <p class="empty">No incidents. Nothing is spiking.</p>
      ) : null}
      <ul class="incidents" aria-label="Incidents, newest first">
        {items.map((incident) => (
          <IncidentRow key={incident.incidentId} incident={incident} />
        ))}
      </ul>
      <p class="pager">
        {cursor ? <a href="/incidents">Newest incidents</a> : null}
        {incidents.data?.cursor ? (
          <a href={`/incidents?${new URLSearchParams({ cursor: incidents.data.cursor })}`}>
            Older incidents
          </a>
        ) : null}
      </p>
    </section>
  );
};
