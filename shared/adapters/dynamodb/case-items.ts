import * as z from 'zod';
import { Case, TimelineEntry } from '../../contracts/case';
import { Mention } from '../../contracts/mention';
import { TriageDecision } from '../../contracts/triage';
import { keys, slaShardOf, statusKey, statusSort } from './table-keys';

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
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
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
export const caseDueAt = (stored: Case): string | undefined =>
  stored.sla && (stored.status === 'open' || stored.status === 'acknowledged')
    ? stored.sla.dueAt
    : undefined;

/**
 * The DynamoDB item of a case: the case's own fields, the `by-status` index attributes, and,
 * while an escalation step is pending, the sparse `sla-due` index attributes. Writing the whole
 * item (a conditional Put on `version`) is how a stopped clock leaves the `sla-due` index.
 */
export const caseToItem = (stored: Case): Record<string, unknown> => {
  const pending = stored.sla?.next;
  return {
    ...keys.case(stored.caseId),
    itemType: 'case',
    ...defined(stored),
    statusKey: statusKey(stored.status),
    statusSort: statusSort(caseDueAt(stored), stored.caseId),
    ...(pending ? { slaShard: slaShardOf(stored.caseId), slaDueAt: pending.dueAt } : {}),
  };
};

/** The case in a case item (key and index attributes dropped); throws CaseItemError when malformed. */
export const caseFromItem = (item: Record<string, unknown>): Case => parseItem(Case, item, 'case');

/**
 * A mention as stored in its case's timeline: the canonical mention, what triage decided about it
 * (absent for brand replies), and its retention. `text` is gone once the author deleted the post.
 */
export const CaseMention = Mention.extend({
  text: z.string().optional(),
  caseId: z.string(),
  receivedAt: z.string().datetime({ offset: true }),
  triage: TriageDecision.optional(),
  /** Epoch seconds after which DynamoDB's TTL removes the whole mention item. */
  expiresAt: z.number().int().positive(),
  deleted: z.boolean().optional(),
  deletedAt: z.string().datetime({ offset: true }).optional(),
});
export type CaseMention = z.infer<typeof CaseMention>;

export const caseMentionToItem = (mention: CaseMention): Record<string, unknown> => ({
  ...keys.mention(mention.caseId, mention.createdAt, mention.id),
  itemType: 'mention',
  ...defined(mention),
});

export const caseMentionFromItem = (item: Record<string, unknown>): CaseMention =>
  parseItem(CaseMention, item, 'mention');

export const timelineEntryFromItem = (item: Record<string, unknown>): TimelineEntry =>
  parseItem(TimelineEntry, item, 'timeline');

/** Events a triage transaction committed but has not yet published (the seen item's outbox). */
export const PendingEvent = z.object({ detailType: z.string(), detail: z.unknown() });
export type PendingEvent = z.infer<typeof PendingEvent>;

/**
 * The mention-seen item: proof that a mention was handled, where it went, and events still to
 * publish. `caseId` and `mentionSk` are absent when the mention opened no case (a brand reply to
 * nothing known) or was deleted before it arrived.
 */
export const MentionSeen = z.object({
  mentionId: z.string(),
  seenAt: z.string().datetime({ offset: true }),
  caseId: z.string().optional(),
  mentionSk: z.string().optional(),
  deleted: z.boolean().optional(),
  pendingEvents: z.array(PendingEvent).optional(),
});
export type MentionSeen = z.infer<typeof MentionSeen>;

export const mentionSeenToItem = (seen: MentionSeen): Record<string, unknown> => ({
  ...keys.mentionSeen(seen.mentionId),
  itemType: 'mention-seen',
  ...defined(seen),
});

export const mentionSeenFromItem = (item: Record<string, unknown>): MentionSeen =>
  parseItem(MentionSeen, item, 'mention-seen');

/** A customer's open case in one conversation (`-` when the platform has no conversation id). */
export const OpenCasePointer = z.object({
  caseId: z.string(),
  lastMentionAt: z.string().datetime({ offset: true }),
});
export type OpenCasePointer = z.infer<typeof OpenCasePointer>;

/**
 * The triage-owned attributes of an author item. Other attributes (linked identities) belong to
 * the cases API and are never overwritten: the author item is only ever updated attribute by
 * attribute, conditional on `version`.
 */
export const AuthorProfile = z.object({
  source: z.string(),
  authorId: z.string(),
  name: z.string().optional(),
  handle: z.string().optional(),
  followers: z.number().int().nonnegative().optional(),
  verified: z.boolean().optional(),
  version: z.number().int().positive(),
  totalMentions: z.number().int().nonnegative(),
  casesOpened: z.number().int().nonnegative(),
  lastMentionAt: z.string().datetime({ offset: true }).optional(),
  /** Creation times of the author's customer mentions within the chronic window. */
  recentMentionTimes: z.array(z.string()),
  /** Open cases by conversation key, pruned to the threading window on every write. */
  openCases: z.record(z.string(), OpenCasePointer),
});
export type AuthorProfile = z.infer<typeof AuthorProfile>;

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

/** The conversation item: which case the latest customer mention of a conversation went to. */
export const ThreadRecord = z.object({
  source: z.string(),
  conversationId: z.string(),
  caseId: z.string(),
  authorKey: z.string(),
  version: z.number().int().positive(),
});
export type ThreadRecord = z.infer<typeof ThreadRecord>;

export const threadToItem = (thread: ThreadRecord): Record<string, unknown> => ({
  ...keys.thread(thread.source, thread.conversationId),
  itemType: 'thread',
  ...defined(thread),
});

export const threadFromItem = (item: Record<string, unknown>): ThreadRecord =>
  parseItem(ThreadRecord, item, 'thread');
