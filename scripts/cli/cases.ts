/** `responder list|show|acknowledge|resolve`: cases through the API. */
import type { Case, CaseSummary } from '../../shared/contracts/case';
import { type ApiTarget, callApi } from './api-client';

const column = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

/** One line per case: id, priority, status, deadline, author, excerpt. */
export const formatCaseTable = (items: readonly CaseSummary[]): string => {
  const header = `${column('CASE', 26)} PRI ${column('STATUS', 12)} ${column('DUE', 20)} ${column('AUTHOR', 18)} EXCERPT`;
  const rows = items.map((item) =>
    [
      column(item.caseId, 26),
      item.priority.padEnd(3),
      column(item.status, 12),
      column(`${item.dueAt?.slice(0, 16) ?? '-'}${item.breached ? ' !' : ''}`, 20),
      column(item.author.handle ? `@${item.author.handle}` : item.author.id, 18),
      item.excerpt.replace(/\s+/g, ' ').slice(0, 60),
    ].join(' '),
  );
  return [header, ...rows].join('\n');
};

export const listCases = async (target: ApiTarget, filters: Record<string, string>) => {
  const query = new URLSearchParams(filters).toString();
  const answer = await callApi(target, 'GET', `/cases${query ? `?${query}` : ''}`);
  const items = answer.items as CaseSummary[];
  return `${formatCaseTable(items)}${answer.cursor ? `\nmore: --cursor ${String(answer.cursor)}` : ''}`;
};

export const showCase = async (target: ApiTarget, caseId: string) =>
  JSON.stringify(await callApi(target, 'GET', `/cases/${encodeURIComponent(caseId)}`), null, 2);

/** Acknowledges or resolves a case at its current version (read first, then act). */
export const actOnCase = async (
  target: ApiTarget,
  verb: 'acknowledge' | 'resolve',
  caseId: string,
  extra: Record<string, string> = {},
) => {
  const path = `/cases/${encodeURIComponent(caseId)}`;
  const { case: current } = (await callApi(target, 'GET', path)) as { case: Case };
  const answer = await callApi(target, 'POST', `${path}/${verb}`, {
    version: current.version,
    ...extra,
  });
  const after = answer.case as Case;
  return `${after.caseId} is ${after.status} (version ${after.version})`;
};
