/** `responder incidents list|show|reply|resolve`: incidents through the cases API. */
import { randomUUID } from 'node:crypto';
import type { CaseSummary } from '../../shared/contracts/case';
import type { Incident } from '../../shared/contracts/incident';
import { type ApiTarget, callApi } from './api-client';
import { formatCaseTable } from './case-view';

const incidentPath = (incidentId: string) => `/incidents/${encodeURIComponent(incidentId)}`;

const incidentLine = (incident: Incident): string =>
  [
    incident.incidentId,
    incident.status,
    incident.topic,
    incident.brand,
    `${incident.caseCount} case(s)`,
    `opened ${incident.openedAt}`,
  ].join('  ');

/** Incidents, newest first. */
export const listIncidents = async (target: ApiTarget, query: Record<string, string>) => {
  const search = new URLSearchParams(query).toString();
  const answer = await callApi(target, 'GET', `/incidents${search ? `?${search}` : ''}`);
  const items = answer.items as Incident[];
  if (items.length === 0) return 'no incidents';
  return `${items.map(incidentLine).join('\n')}${answer.cursor ? `\nmore: --cursor ${String(answer.cursor)}` : ''}`;
};

/** One incident with a page of its cases, readable; the API's JSON with `json`. */
export const showIncident = async (
  target: ApiTarget,
  incidentId: string,
  query: Record<string, string>,
  json = false,
) => {
  const search = new URLSearchParams(query).toString();
  const answer = await callApi(
    target,
    'GET',
    `${incidentPath(incidentId)}${search ? `?${search}` : ''}`,
  );
  if (json) return JSON.stringify(answer, null, 2);
  const incident = answer.incident as Incident;
  const samples = incident.samples.map((sample) => `  “${sample.excerpt}” — ${sample.author}`);
  return [
    incidentLine(incident),
    `opened with ${incident.openedWith} in the window (usual ${incident.baselinePerWindow.toFixed(1)}); announced on ${incident.channels.join(', ') || 'no channel'}`,
    ...(samples.length ? ['samples', ...samples] : []),
    'cases',
    formatCaseTable(answer.cases as CaseSummary[]),
    ...(answer.cursor ? [`more: --cursor ${String(answer.cursor)}`] : []),
  ].join('\n');
};

interface IncidentReplyAnswer {
  queued: number;
  alreadyRequested: number;
  skipped: number;
  cases: { caseId: string; outcome: string; reason?: string }[];
}

/**
 * One reply to every open case of the incident. The idempotency key is printed: the same command
 * with `--key` retries without sending any case its reply twice.
 */
export const replyToIncident = async (
  target: ApiTarget,
  incidentId: string,
  input: { text: string; visibility: 'public' | 'private'; key?: string },
) => {
  const idempotencyKey = input.key ?? randomUUID();
  const answer = (await callApi(target, 'POST', `${incidentPath(incidentId)}/reply`, {
    text: input.text,
    visibility: input.visibility,
    idempotencyKey,
  })) as unknown as IncidentReplyAnswer;
  const skipped = answer.cases
    .filter((one) => one.outcome === 'skipped')
    .map((one) => `  ${one.caseId}: ${one.reason}`);
  return [
    `queued ${answer.queued}, already requested ${answer.alreadyRequested}, skipped ${answer.skipped}`,
    ...skipped,
    `idempotency key ${idempotencyKey} (retry with --key ${idempotencyKey}: no case gets it twice)`,
  ].join('\n');
};

/** Resolves the incident and its cases. */
export const resolveIncident = async (target: ApiTarget, incidentId: string, reason?: string) => {
  const answer = await callApi(
    target,
    'POST',
    `${incidentPath(incidentId)}/resolve`,
    reason ? { reason } : {},
  );
  const incident = answer.incident as Incident;
  return `${incident.incidentId} ${incident.status}: ${String(answer.resolvedCases)} case(s) resolved, ${String(answer.unchangedCases)} unchanged`;
};
