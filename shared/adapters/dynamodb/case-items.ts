import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';
import {
  type Case,
  type CaseAuthor,
  CaseDecision,
  CaseFigures,
  TimelineEntry,
} from '../../contracts/case';
import {
  AuthorProfile,
  CaseMention,
  MentionSeen,
  ThreadRecord,
} from '../../contracts/case-records';
import { zodIssueLines } from '../../contracts/zod-issues';
import { followUpEntry } from '../../domain/cases/threading';
import { assigneeKey, authorIndexKey, keys, slaShardOf, statusKey, statusSort } from './table-keys';

/** A stored item did not have the shape its key promises. */
export class CaseItemError extends Error {
  override name = 'CaseItemError';
}

const parseItem = <S extends z.ZodType>(
  schema: S,
  item: Record<string, unknown>,
  what: string,
): z.infer<S> => {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  const problems = zodIssueLines(result.error);
  throw new CaseItemError(
    `${what} item ${String(item.PK)}/${String(item.SK)} is invalid: ${problems.join('; ')}`,
    {
      cause: result.error,
    },
  );
};

/** A JSON-safe value without its undefined properties (the document client refuses them). */
const defined = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The deadline a case is listed by: the running clock's, while the brand still owes an answer. */
export const caseDueAt = (stored: Pick<Case, 'sla' | 'status'>): string | undefined =>
  stored.sla && (stored.status === 'open' || stored.status === 'acknowledged')
    ? stored.sla.dueAt
    : undefined;

/**
 * The `by-status` index attributes of a case: its status (in the case's shard), then whether it
 * needs a reply, its priority and its deadline.
 */
export const statusIndexAttributes = (
  stored: Pick<Case, 'status' | 'needsResponse' | 'priority' | 'sla' | 'caseId'>,
): { statusKey: string; statusSort: string } => ({
  statusKey: statusKey(stored.status, stored.caseId),
  statusSort: statusSort(stored.needsResponse, stored.priority, caseDueAt(stored), stored.caseId),
});

/** The `by-assignee` index attribute of a case: none while nobody is assigned (a sparse index). */
export const assigneeIndexAttributes = (
  stored: Pick<Case, 'status' | 'assignee'>,
): { assigneeKey?: string } =>
  stored.assignee ? { assigneeKey: assigneeKey(stored.status, stored.assignee) } : {};

/** The `by-author` index attributes of a case: its author, then when it opened. */
export const authorIndexAttributes = (
  stored: Pick<Case, 'author' | 'openedAt' | 'caseId'>,
): { authorKey: string; authorSort: string } => ({
  authorKey: authorIndexKey(stored.author.key),
  authorSort: `${stored.openedAt}#${stored.caseId}`,
});

/**
 * The case's author as its item keeps it: without the author's source and key when they are the
 * case's source and `<source>#<id>` (always, for a case triage opened), which the item already
 * says. Every byte counts: a case item under 1 KB is one write unit instead of two.
 */
const storedAuthor = (stored: CaseFigures): Partial<CaseAuthor> => {
  const { key, source, ...rest } = stored.author;
  return {
    ...rest,
    ...(source === stored.source ? {} : { source }),
    ...(key === `${source}#${stored.author.id}` ? {} : { key }),
  };
};

/** A case item (or the attributes read of one) with its author whole again (see storedAuthor). */
export const withWholeAuthor = (item: Record<string, unknown>): Record<string, unknown> => {
  const author = item.author as Record<string, unknown> | undefined;
  if (typeof author !== 'object' || author === null) return item;
  const source = author.source ?? item.source;
  return {
    ...item,
    author: { ...author, source, key: author.key ?? `${String(source)}#${String(author.id)}` },
  };
};

/**
 * The DynamoDB item of a case's figures (not its decision: caseDecisionToItem), the `by-status`
 * and `by-author` index attributes, and, while an escalation step is pending and the case is in no
 * incident, the sparse `sla-due` index attributes. A changed case is written attribute by
 * attribute from the items of before and after (case-writes.ts), so a stopped clock leaves the
 * `sla-due` index.
 */
export const caseToItem = (stored: CaseFigures): Record<string, unknown> => {
  const pending = stored.sla?.next;
  const {
    reasons: _inTheDecisionItem,
    suggestedReply: _alsoInTheDecisionItem,
    ...figures
  } = stored as CaseFigures & Partial<CaseDecision>;
  return {
    ...keys.case(stored.caseId),
    itemType: 'case',
    ...defined(figures),
    author: defined(storedAuthor(stored)),
    ...statusIndexAttributes(stored),
    ...assigneeIndexAttributes(stored),
    ...authorIndexAttributes(stored),
    // A case in an incident escalates with the incident, never on its own.
    ...(pending && !stored.incidentId
      ? { slaShard: slaShardOf(stored.caseId), slaDueAt: pending.dueAt }
      : {}),
  };
};

/**
 * The decision item of a case: why triage gave it its priority and the reply it suggests. Written
 * with the case when it opens and again only when the decision changes (a raised priority, a
 * merge, a correction), so a follow-up rewrites only the case's figures, an item under 1 KB.
 */
export const caseDecisionToItem = (stored: Case): Record<string, unknown> => ({
  ...keys.caseDecision(stored.caseId),
  itemType: 'case-decision',
  ...defined({ reasons: stored.reasons, suggestedReply: stored.suggestedReply }),
});

/** Both items of a case, as a new case is written: its case item, then its decision item. */
export const caseItemsOf = (stored: Case): [Record<string, unknown>, Record<string, unknown>] => [
  caseToItem(stored),
  caseDecisionToItem(stored),
];

/** Whether two versions of a case differ in their decision (see caseDecisionToItem). */
export const decisionChanged = (before: CaseDecision, after: CaseDecision): boolean =>
  !isDeepStrictEqual(
    [before.reasons, before.suggestedReply],
    [after.reasons, after.suggestedReply],
  );

/** The case's figures in a case item (key and index attributes dropped); throws CaseItemError when malformed. */
export const caseFiguresFromItem = (item: Record<string, unknown>): CaseFigures =>
  parseItem(CaseFigures, withWholeAuthor(item), 'case');

/**
 * The case in its case item and decision item. A case item written before decisions had an item
 * of their own holds the decision itself, until the decision next changes.
 */
export const caseFromItems = (
  caseItem: Record<string, unknown>,
  decisionItem: Record<string, unknown> | undefined,
): Case => ({
  ...caseFiguresFromItem(caseItem),
  ...parseItem(CaseDecision, decisionItem ?? caseItem, decisionItem ? 'case decision' : 'case'),
});

/**
 * A mention item. A follow-up's timeline entry ("customer wrote again") is kept on its mention
 * item as `joinedAt`, when it joined the case, rather than as an item of its own: the entry is
 * the mention's own triage figures at that time (followUpEntry), so it costs no write of its own;
 * it stays as long as the mention.
 */
export const caseMentionToItem = (
  mention: CaseMention,
  joinedAt?: string,
): Record<string, unknown> => ({
  ...keys.mention(mention.caseId, mention.createdAt, mention.id),
  itemType: 'mention',
  ...defined(mention),
  ...(joinedAt ? { joinedAt } : {}),
});

export const caseMentionFromItem = (item: Record<string, unknown>): CaseMention =>
  parseItem(CaseMention, item, 'mention');

/** The entry of `timeline` that `mention`'s item keeps (see caseMentionToItem), if any. */
export const foldedFollowUpOf = (
  mention: CaseMention,
  timeline: readonly TimelineEntry[],
): TimelineEntry | undefined => {
  const { triage } = mention;
  return triage
    ? timeline.find((entry) =>
        isDeepStrictEqual(entry, followUpEntry(mention.id, triage, entry.at)),
      )
    : undefined;
};

/** The follow-up entry a mention item keeps; undefined for every other mention item. */
export const followUpEntryOfItem = (item: Record<string, unknown>): TimelineEntry | undefined => {
  if (typeof item.joinedAt !== 'string') return undefined;
  const { id, triage } = caseMentionFromItem(item);
  return triage ? followUpEntry(id, triage, item.joinedAt) : undefined;
};

export const timelineEntryFromItem = (item: Record<string, unknown>): TimelineEntry =>
  parseItem(TimelineEntry, item, 'timeline');

export const mentionSeenToItem = (seen: MentionSeen): Record<string, unknown> => ({
  ...keys.mentionSeen(seen.mentionId),
  itemType: 'mention-seen',
  ...defined(seen),
});

export const mentionSeenFromItem = (item: Record<string, unknown>): MentionSeen =>
  parseItem(MentionSeen, item, 'mention-seen');

export const authorProfileFromItem = (item: Record<string, unknown>): AuthorProfile =>
  parseItem(AuthorProfile, item, 'author');

/** The table key of an author key `<source>#<authorId>` (author ids may contain `#`). */
export const authorItemKeyOf = (authorKey: string): { PK: string; SK: string } => {
  const split = authorKey.indexOf('#');
  if (split <= 0) {
    throw new CaseItemError(`author key ${JSON.stringify(authorKey)} is not <source>#<authorId>`);
  }
  return keys.author(authorKey.slice(0, split), authorKey.slice(split + 1));
};

/**
 * The cases API's identity links on an author item: the author keys of the same person elsewhere
 * (empty when none, or when there is no item).
 */
export const linkedAuthorsFromItem = (item: Record<string, unknown> | undefined): string[] => {
  const linked = item?.linkedAuthors;
  if (linked === undefined) return [];
  const parsed = z.array(z.string()).safeParse(linked);
  if (!parsed.success) {
    throw new CaseItemError(
      `author item ${String(item?.PK)}/${String(item?.SK)} has linkedAuthors that are not author keys`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
};

export const threadToItem = (thread: ThreadRecord): Record<string, unknown> => ({
  ...keys.thread(thread.source, thread.conversationId),
  itemType: 'thread',
  ...defined(thread),
});

export const threadFromItem = (item: Record<string, unknown>): ThreadRecord =>
  parseItem(ThreadRecord, item, 'thread');
