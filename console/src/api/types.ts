/**
 * The console's view of the cases API: the zod-inferred types of the API's own request and
 * response schemas (the same ones docs/openapi.json is generated from), never a second model.
 * Type-only imports: nothing of zod or the server reaches the bundle.
 */
import type * as z from 'zod';
import type { Case, CaseStatus, CaseSummary, TimelineEntry } from '../../../shared/contracts/case';
import type {
  AuthorCasesResponse,
  CaseDetailResponse,
  CaseListResponse,
  CaseResponse,
  LinkAuthorsResponse,
  ListCasesQuery as ListCasesQuerySchema,
  MergeResponse,
} from '../../../shared/contracts/cases-api';
import type { Incident } from '../../../shared/contracts/incident';
import type {
  IncidentDetailResponse,
  IncidentListResponse,
  IncidentReplyResponse,
  ResolveIncidentResponse,
} from '../../../shared/contracts/incidents-api';
import type { ReplyState } from '../../../shared/contracts/reply';
import type { ReportSummary } from '../../../shared/contracts/report-summary';
import type { Intent, Priority, Sentiment } from '../../../shared/contracts/triage';

export type {
  Case,
  CaseStatus,
  CaseSummary,
  Incident,
  Intent,
  Priority,
  ReplyState,
  ReportSummary,
  Sentiment,
  TimelineEntry,
};
export type CaseList = z.infer<typeof CaseListResponse>;
export type ListCasesQuery = z.input<typeof ListCasesQuerySchema>;
export type CaseDetail = z.infer<typeof CaseDetailResponse>;
export type CaseMention = CaseDetail['mentions'][number];
export type CaseReply = CaseDetail['replies'][number];
export type CaseChanged = z.infer<typeof CaseResponse>;
export type CasesMerged = z.infer<typeof MergeResponse>;
export type AuthorsLinked = z.infer<typeof LinkAuthorsResponse>;
export type AuthorCases = z.infer<typeof AuthorCasesResponse>;
export type IncidentList = z.infer<typeof IncidentListResponse>;
export type IncidentDetail = z.infer<typeof IncidentDetailResponse>;
export type IncidentResolved = z.infer<typeof ResolveIncidentResponse>;
export type IncidentReplied = z.infer<typeof IncidentReplyResponse>;

/**
 * The values of the API's enums, for the filters. Keyed records, so the compiler fails here when
 * the API's schemas gain or lose a value.
 */
const PRIORITY_SET: Record<Priority, true> = { P1: true, P2: true, P3: true, P4: true };
const STATUS_SET: Record<CaseStatus, true> = {
  open: true,
  acknowledged: true,
  responded: true,
  resolved: true,
};
const INTENT_SET: Record<Intent, true> = {
  complaint: true,
  question: true,
  request: true,
  praise: true,
  venting: true,
  spam: true,
  irrelevant: true,
};
const keysOf = <K extends string>(set: Record<K, true>) => Object.keys(set) as K[];
export const PRIORITIES: readonly Priority[] = keysOf(PRIORITY_SET);
export const STATUSES: readonly CaseStatus[] = keysOf(STATUS_SET);
export const INTENTS: readonly Intent[] = keysOf(INTENT_SET);
const SENTIMENT_SET: Record<Sentiment, true> = { negative: true, neutral: true, positive: true };
export const SENTIMENTS: readonly Sentiment[] = keysOf(SENTIMENT_SET);
