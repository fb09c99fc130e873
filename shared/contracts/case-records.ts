/**
 * What the product keeps about cases besides the case itself: each mention in its case, the mark
 * that a mention was handled, an author's profile and a conversation's case. The domain and the
 * use cases work with these shapes; the DynamoDB adapter maps them to items.
 */
import * as z from 'zod';
import { Mention } from './mention';
import { MentionTriageRecord, TriageLabel } from './triage';

/**
 * A mention as stored in its case's timeline: the canonical mention, what triage decided about it
 * (its figures; absent for brand replies), and its retention. `text` is gone once the author deleted the post.
 */
export const CaseMention = Mention.extend({
  text: z.string().optional(),
  caseId: z.string(),
  receivedAt: z.string().datetime({ offset: true }),
  triage: MentionTriageRecord.optional(),
  /** Epoch seconds after which DynamoDB's TTL removes the whole mention item. */
  expiresAt: z.number().int().positive(),
  deleted: z.boolean().optional(),
  deletedAt: z.string().datetime({ offset: true }).optional(),
  /** A person's correction of triage: the label the classifier is measured and retrained on. */
  label: TriageLabel.optional(),
});
export type CaseMention = z.infer<typeof CaseMention>;

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
  /** The mention's incident topics (see domain/incidents/topics). */
  topics: z.array(z.string()).optional(),
  /** The topics were not counted: a later mention of its case's burst (countsTowardTopics). */
  repeat: z.boolean().optional(),
});
export type MentionSeen = z.infer<typeof MentionSeen>;

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

/** The conversation item: which case the latest customer mention of a conversation went to. */
export const ThreadRecord = z.object({
  source: z.string(),
  conversationId: z.string(),
  caseId: z.string(),
  authorKey: z.string(),
  version: z.number().int().positive(),
});
export type ThreadRecord = z.infer<typeof ThreadRecord>;
