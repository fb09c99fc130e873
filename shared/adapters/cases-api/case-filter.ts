import type { CaseFigures, CaseSummary } from '../../contracts/case';
import { caseHeadline } from '../../contracts/case-headline';
import type { ListCasesQuery } from '../../contracts/cases-api';

/**
 * Whether a case is past its deadline: a level fired, a breach was recorded, or the brand still
 * owes an answer and the deadline has passed.
 */
export const isBreached = (subject: CaseFigures, now: Date): boolean => {
  const sla = subject.sla;
  if (!sla) return false;
  if (sla.breachedAt !== undefined || sla.level >= 1) return true;
  const owed = subject.status === 'open' || subject.status === 'acknowledged';
  return owed && Date.parse(sla.dueAt) <= now.getTime();
};

/** Whether a case passes the list filters other than status (status picks the index partition). */
export const matchesCaseFilter = (
  subject: CaseFigures,
  query: ListCasesQuery,
  now: Date,
): boolean =>
  (!query.priority || query.priority.includes(subject.priority)) &&
  (!query.source || subject.source === query.source) &&
  (!query.brand || subject.brand === query.brand) &&
  (!query.assignee || subject.assignee === query.assignee) &&
  (!query.intent || subject.intents.includes(query.intent)) &&
  (query.breached === undefined || isBreached(subject, now) === query.breached) &&
  (query.amplify === undefined || subject.amplify === query.amplify) &&
  (query.needsReply === 'any' || subject.needsResponse === (query.needsReply === 'true'));

/**
 * What the case store is asked for one page of GET /cases: status, priority, needs-a-reply and
 * assignee as index key ranges, every filter checked again on the cases read.
 */
export const caseListRequest = (query: ListCasesQuery, now: Date) => ({
  statuses: query.status,
  ...(query.priority ? { priorities: query.priority } : {}),
  needsReply: query.needsReply === 'any' ? ('any' as const) : query.needsReply === 'true',
  ...(query.assignee ? { assignee: query.assignee } : {}),
  matches: (candidate: CaseFigures) => matchesCaseFilter(candidate, query, now),
  limit: query.limit,
  ...(query.cursor ? { cursor: query.cursor } : {}),
});

/** A case as the list shows it. */
export const caseSummary = (subject: CaseFigures, now: Date): CaseSummary => ({
  ...caseHeadline(subject),
  openedAt: subject.openedAt,
  ...(subject.assignee ? { assignee: subject.assignee } : {}),
  amplify: subject.amplify,
  ...(subject.url ? { url: subject.url } : {}),
  breached: isBreached(subject, now),
});
