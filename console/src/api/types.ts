/**
 * The console's view of the cases API: the zod-inferred types of the API's own request and
 * response schemas (the same ones docs/openapi.json is generated from), never a second model.
 * Type-only imports: nothing of zod or the server reaches the bundle.
 */
import type * as z from 'zod';
import type { Case, CaseStatus, CaseSummary, TimelineEntry } from '../../../shared/contracts/case';
import type {
  CaseDetailResponse,
  CaseListResponse,
  CaseResponse,
  LinkAuthorsResponse,
  MergeResponse,
} from '../../../shared/contracts/cases-api';
import type { Intent, Priority } from '../../../shared/contracts/triage';
import type { ReportSummary } from '../../../shared/domain/cases/reports';

export type { Case, CaseStatus, CaseSummary, Intent, Priority, ReportSummary, TimelineEntry };
export type CaseList = z.infer<typeof CaseListResponse>;
export type CaseDetail = z.infer<typeof CaseDetailResponse>;
export type CaseMention = CaseDetail['mentions'][number];
export type CaseChanged = z.infer<typeof CaseResponse>;
export type CasesMerged = z.infer<typeof MergeResponse>;
export type AuthorsLinked = z.infer<typeof LinkAuthorsResponse>;

export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];
export const STATUSES: readonly CaseStatus[] = ['open', 'acknowledged', 'responded', 'resolved'];
export const INTENTS: readonly Intent[] = [
  'complaint',
  'question',
  'request',
  'praise',
  'venting',
  'spam',
  'irrelevant',
];
