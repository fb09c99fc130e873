/**
 * What one page of the case list asks the `by-status` index (or `by-assignee`, for one agent's
 * cases): a query per status partition and per run of sort-key prefixes (needs a reply ×
 * priority), at most MAX_PAGE_QUERIES of them, so a page costs the same however many cases the
 * table holds.
 */
import type { CaseStatus } from '../../contracts/case';
import { Priority } from '../../contracts/triage';
import {
  assigneeKey,
  statusShardKeys,
  statusSortPrefix,
  TABLE_INDEXES,
  type TableIndex,
} from './table-keys';

/** Queries one page of the case list may take. */
export const MAX_PAGE_QUERIES = 5;

/** A combination of list filters that the `by-status` index cannot answer in MAX_PAGE_QUERIES. */
export class CaseListFilterError extends Error {
  override name = 'CaseListFilterError';
}

/** The list filters the keys answer: of `by-status`, or of `by-assignee` with an assignee. */
export interface CaseListKeys {
  readonly statuses: readonly CaseStatus[];
  /** Absent: every priority. */
  readonly priorities?: readonly Priority[];
  readonly needsReply: boolean | 'any';
  /** Absent: anyone's cases, and those of nobody. */
  readonly assignee?: string;
}

/** One query of a page: a partition of the list's index and an inclusive range of its sort key. */
export interface CaseListRange {
  readonly key: string;
  readonly low: string;
  readonly high: string;
}

/** Above every sort-key character the product writes (UTF-8 orders it after all of ASCII). */
const HIGHEST = '\uffff';

/** The sort-key ranges of the selected (needs a reply, priority) cells, adjacent ones merged. */
const sortRanges = (keys: CaseListKeys): { low: string; high: string }[] => {
  const ranges: { low: string; high: string }[] = [];
  let open: { low: string; high: string } | undefined;
  for (const needsReply of [true, false]) {
    for (const priority of Priority.options) {
      const prefix = statusSortPrefix(needsReply, priority);
      const selected =
        (keys.needsReply === 'any' || keys.needsReply === needsReply) &&
        (!keys.priorities || keys.priorities.includes(priority));
      if (!selected) {
        open = undefined;
      } else if (open) {
        open.high = `${prefix}${HIGHEST}`;
      } else {
        open = { low: prefix, high: `${prefix}${HIGHEST}` };
        ranges.push(open);
      }
    }
  }
  return ranges;
};

const describe = (keys: CaseListKeys): string =>
  [
    `status=${keys.statuses.join(',')}`,
    ...(keys.priorities ? [`priority=${keys.priorities.join(',')}`] : []),
    ...(keys.assignee ? [`assignee=${keys.assignee}`] : []),
    `needsReply=${String(keys.needsReply)}`,
  ].join(' with ');

/** The index a page reads: one agent's cases from `by-assignee`, any others from `by-status`. */
export const caseListIndex = (keys: Pick<CaseListKeys, 'assignee'>): TableIndex =>
  keys.assignee ? TABLE_INDEXES.byAssignee : TABLE_INDEXES.byStatus;

/**
 * The queries of one page, in the index caseListIndex names; throws CaseListFilterError naming the
 * combination when it would take more than MAX_PAGE_QUERIES.
 */
export const caseListRanges = (keys: CaseListKeys): CaseListRange[] => {
  const sorts = sortRanges(keys);
  const { assignee } = keys;
  const partitionsOf = (status: CaseStatus) =>
    assignee ? [assigneeKey(status, assignee)] : statusShardKeys(status);
  const ranges = [...new Set(keys.statuses)].flatMap((status) =>
    partitionsOf(status).flatMap((key) => sorts.map((sort) => ({ key, ...sort }))),
  );
  if (ranges.length > MAX_PAGE_QUERIES) {
    throw new CaseListFilterError(
      `${describe(keys)} takes ${ranges.length} index queries a page, more than the ${MAX_PAGE_QUERIES} a page may take: ask for fewer statuses, consecutive priorities (P1,P2) or needsReply true or false`,
    );
  }
  return ranges;
};
