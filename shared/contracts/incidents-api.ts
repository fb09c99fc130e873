/** Request and response schemas of the incidents routes: validation, types and the OpenAPI document. */
import * as z from 'zod';
import { CaseSummary } from './case';
import { Incident } from './incident';
import { ReplyState, ReplyVisibility } from './reply';

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

export const IncidentReplyBody = z.object({
  text: z.string().trim().min(1).max(10_000).describe('the reply or status update as posted'),
  visibility: ReplyVisibility.default('public').describe(
    'public (default): where each customer posted; private: a direct message',
  ),
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,100}$/, '8 to 100 letters, digits, or . _ : -')
    .describe('chosen by the caller (a UUID); the same key on a retry sends nothing twice'),
});
export const IncidentCaseReply = z.discriminatedUnion('outcome', [
  z.object({
    caseId: z.string(),
    outcome: z.literal('queued'),
    replyId: z.string(),
    sendAfter: z.string().optional().describe('its turn under the platform’s rate limit'),
  }),
  z.object({
    caseId: z.string(),
    outcome: z.literal('already_requested'),
    replyId: z.string(),
    state: ReplyState,
  }),
  z.object({ caseId: z.string(), outcome: z.literal('skipped'), reason: z.string() }),
]);
export const IncidentReplyResponse = z.object({
  incident: Incident,
  idempotencyKey: z.string(),
  queued: z.number().int().nonnegative(),
  alreadyRequested: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  cases: z.array(IncidentCaseReply),
});
