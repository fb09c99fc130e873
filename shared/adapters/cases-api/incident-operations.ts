/** The incidents routes: list, detail with cases, one reply to all its cases, resolving it with them. */
import type { Incident } from '../../contracts/incident';
import {
  IncidentCasesQuery,
  IncidentDetailResponse,
  IncidentIdParams,
  IncidentListResponse,
  IncidentReplyBody,
  IncidentReplyResponse,
  ListIncidentsQuery,
  ResolveIncidentBody,
  ResolveIncidentResponse,
} from '../../contracts/incidents-api';
import {
  IncidentNotFoundError,
  replyToIncident,
  resolveIncident,
} from '../../use-cases/incident-response';
import { caseSummary } from './case-filter';
import { type CasesApiDeps, operation, requireActor } from './operation';
import { requireReplies, webhookSources } from './reply-operations';

const requireIncident = async (deps: CasesApiDeps, incidentId: string): Promise<Incident> => {
  const found = await deps.incidents.get(incidentId);
  if (!found) throw new IncidentNotFoundError(incidentId);
  return found;
};

export const INCIDENT_OPERATIONS = [
  operation({
    id: 'listIncidents',
    summary: 'Incidents, newest first',
    query: ListIncidentsQuery,
    response: IncidentListResponse,
    run: async ({ query }, deps) => {
      const page = await deps.incidents.list({
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return { items: page.incidents, ...(page.cursor ? { cursor: page.cursor } : {}) };
    },
  }),
  operation({
    id: 'getIncident',
    summary: 'One incident with a page of its cases',
    params: IncidentIdParams,
    query: IncidentCasesQuery,
    response: IncidentDetailResponse,
    run: async ({ params, query }, deps) => {
      const incident = await requireIncident(deps, params.incidentId);
      const page = await deps.incidents.casePage(incident.incidentId, {
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      const now = deps.clock.now();
      return {
        incident,
        cases: page.cases.map((found) => caseSummary(found, now)),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      };
    },
  }),
  operation({
    id: 'replyToIncident',
    status: 202,
    summary: 'One reply to every case of an incident that is not resolved',
    description:
      'Each case gets the reply in its own outbox (on its own timeline) and its platform’s sender posts it once, in its turn under the platform’s rate limit (`sendAfter` when later than now). Send the same `idempotencyKey` again to retry: cases that have the reply already are not sent it twice (`already_requested`, with its state now). Resolved cases, and cases whose platform does not allow the reply, are `skipped` with the reason.',
    params: IncidentIdParams,
    body: IncidentReplyBody,
    response: IncidentReplyResponse,
    run: async ({ params, body, actor }, deps) => {
      const replies = requireReplies(deps);
      const answer = await replyToIncident(
        {
          incidents: deps.incidents,
          replies: {
            ...replies,
            now: () => deps.clock.now(),
            webhookSources: webhookSources(deps.config),
          },
        },
        { incidentId: params.incidentId, ...body, actor: requireActor(actor) },
      );
      const count = (outcome: string) =>
        answer.cases.filter((one) => one.outcome === outcome).length;
      return {
        incident: answer.incident,
        idempotencyKey: body.idempotencyKey,
        queued: count('queued'),
        alreadyRequested: count('already_requested'),
        skipped: count('skipped'),
        cases: answer.cases,
      };
    },
  }),
  operation({
    id: 'resolveIncident',
    summary: 'Resolve an incident and every case in it',
    description:
      'The incident stops taking in cases and its alerts are resolved (Incident Resolved); then each of its cases is resolved as `POST /cases/{caseId}/resolve` would, so paged cases resolve their own PagerDuty alerts. Calling it again resolves cases still open.',
    params: IncidentIdParams,
    body: ResolveIncidentBody,
    response: ResolveIncidentResponse,
    run: async ({ params, body, actor }, deps) =>
      resolveIncident(deps, {
        incidentId: params.incidentId,
        actor: requireActor(actor),
        ...(body.reason ? { reason: body.reason } : {}),
      }),
  }),
];
