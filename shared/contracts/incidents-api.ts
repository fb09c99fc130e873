/** Request and response schemas of the incidents routes: validation, types and the OpenAPI document. */
import * as z from 'zod';
import { CaseSummary } from './case';
import { Incident } from './incident';

export const IncidentIdParams = z.object({ incidentId: z.string().min(1).max(200) });

const Page = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2000).optional().describe('the `cursor` of the previous page'),
};
export const ListIncidentsQuery = z.object(Page);
export const IncidentCasesQuery = z.object(Page);

export const IncidentListResponse = z.object({
  items: z.array(Incident),
  cursor: z.string().optional(),
});
export const IncidentDetailResponse = z.object({
  incident: Incident,
  cases: z.array(CaseSummary),
  cursor: z.string().optional().describe('the next page of the incident’s cases'),
});
export const ResolveIncidentBody = z.object({ reason: z.string().max(2000).optional() });
export const ResolveIncidentResponse = z.object({
  incident: Incident,
  /** Cases this call resolved, and cases that were already resolved or could not be. */
  resolvedCases: z.number().int().nonnegative(),
  unchangedCases: z.number().int().nonnegative(),
});
