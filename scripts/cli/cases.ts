/** `responder list|show|acknowledge|assign|note|respond|resolve|reopen`: cases through the API. */
import type { Case, CaseSummary } from '../../shared/contracts/case';
import { type ApiTarget, callApi } from './api-client';
import { type CaseDetail, formatCaseDetail, formatCaseTable } from './case-view';

const casePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;

/**
 * One page of the list. A filter checked on the cases read (brand, assignee, breached…) can leave
 * a page empty with more to read: that is said, not "no cases match".
 */
export const formatCasePage = (items: readonly CaseSummary[], cursor: string | undefined) => {
  if (!cursor) return formatCaseTable(items);
  const table =
    items.length === 0
      ? 'no cases on this page; later pages may hold some'
      : formatCaseTable(items);
  return `${table}\nmore: --cursor ${cursor}`;
};

export const listCases = async (target: ApiTarget, filters: Record<string, string>) => {
  const query = new URLSearchParams(filters).toString();
  const answer = await callApi(target, 'GET', `/cases${query ? `?${query}` : ''}`);
  return formatCasePage(
    answer.items as CaseSummary[],
    typeof answer.cursor === 'string' ? answer.cursor : undefined,
  );
};

/** The case as a person reads it, or the API's JSON with `json`. */
export const showCase = async (target: ApiTarget, caseId: string, json = false) => {
  const answer = await callApi(target, 'GET', casePath(caseId));
  return json
    ? JSON.stringify(answer, null, 2)
    : formatCaseDetail(answer as unknown as CaseDetail, new Date());
};

/** The route of each action (`POST /cases/{id}/<route>`). */
const ACTION_ROUTES = {
  acknowledge: 'acknowledge',
  assign: 'assign',
  note: 'notes',
  respond: 'respond',
  resolve: 'resolve',
  reopen: 'reopen',
} as const;
export type CaseVerb = keyof typeof ACTION_ROUTES;

/** Acts on a case at its current version (read first, then act); a 409 is printed as the API says it. */
export const actOnCase = async (
  target: ApiTarget,
  verb: CaseVerb,
  caseId: string,
  extra: Record<string, unknown> = {},
) => {
  const { case: current } = (await callApi(target, 'GET', casePath(caseId))) as { case: Case };
  const answer = await callApi(target, 'POST', `${casePath(caseId)}/${ACTION_ROUTES[verb]}`, {
    version: current.version,
    ...extra,
  });
  const after = answer.case as Case;
  const assigned = verb === 'assign' ? `, assigned to ${after.assignee ?? 'nobody'}` : '';
  return `${after.caseId} is ${after.status}${assigned} (version ${after.version})`;
};
