/** The incidents routes: list, detail with cases, and resolving an incident with its cases. */
import { IncidentResolved } from '../../contracts/events';
import { notFound } from '../../contracts/http-error';
import type { Incident } from '../../contracts/incident';
import {
  IncidentCasesQuery,
  IncidentDetailResponse,
  IncidentIdParams,
  IncidentListResponse,
  ListIncidentsQuery,
  ResolveIncidentBody,
  ResolveIncidentResponse,
} from '../../contracts/incidents-api';
import { actOnCurrentCase } from '../../use-cases/case-changes';
import { incidentEventDetail } from '../../use-cases/incident-tracker';
import { caseSummary } from './case-filter';
import { type CasesApiDeps, operation, requireActor } from './operation';

/** Cases resolved at once when an incident is resolved. */
const RESOLVE_CONCURRENCY = 10;

const requireIncident = async (deps: CasesApiDeps, incidentId: string): Promise<Incident> => {
  const found = await deps.incidents.get(incidentId);
  if (!found) throw notFound(`no incident ${incidentId}`);
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
    id: 'resolveIncident',
    summary: 'Resolve an incident and every case in it',
    description:
      'The incident stops taking in cases and its alerts are resolved (Incident Resolved); then each of its cases is resolved as `POST /cases/{caseId}/resolve` would, so paged cases resolve their own PagerDuty alerts. Calling it again resolves cases still open.',
    params: IncidentIdParams,
    body: ResolveIncidentBody,
    response: ResolveIncidentResponse,
    run: async ({ params, body, actor }, deps) => {
      const caller = requireActor(actor);
      const incident = await requireIncident(deps, params.incidentId);
      const now = deps.clock.now();
      let current = incident;
      if (incident.status === 'open') {
        const resolved = await deps.incidents.resolve(incident, caller, now);
        if (resolved) {
          current = resolved;
          await deps.publisher.publishAll([
            {
              definition: IncidentResolved,
              detail: incidentEventDetail(resolved, resolved.channels, now),
            },
          ]);
        } else {
          current = await requireIncident(deps, params.incidentId);
        }
      }
      const caseIds = await deps.incidents.caseIds(incident.incidentId);
      let resolvedCases = 0;
      for (let start = 0; start < caseIds.length; start += RESOLVE_CONCURRENCY) {
        const outcomes = await Promise.all(
          caseIds.slice(start, start + RESOLVE_CONCURRENCY).map((caseId) =>
            actOnCurrentCase(
              deps,
              caseId,
              {
                type: 'resolve',
                reason: body.reason ?? `incident ${incident.incidentId} resolved`,
              },
              caller,
            ),
          ),
        );
        resolvedCases += outcomes.filter((outcome) => outcome === 'done').length;
      }
      return {
        incident: current,
        resolvedCases,
        unchangedCases: caseIds.length - resolvedCases,
      };
    },
  }),
];
