import * as z from 'zod';
import { Intent, Priority, Sentiment, Urgency } from './triage';

export const CaseStatus = z.enum(['open', 'acknowledged', 'responded', 'resolved']);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** Which SLA clock is running: the first answer, the answer after the customer wrote again, or closing. */
export const SlaClock = z.enum(['first_response', 'next_response', 'resolution']);
export type SlaClock = z.infer<typeof SlaClock>;

/** The next escalation step of a case: a warning before the breach, or level N (1 = the breach). */
export const EscalationStep = z.object({
  kind: z.enum(['warning', 'level']),
  level: z.number().int().nonnegative(),
  dueAt: z.string().datetime({ offset: true }),
});
export type EscalationStep = z.infer<typeof EscalationStep>;

export const CaseSla = z.object({
  policyId: z.string(),
  clock: SlaClock,
  startedAt: z.string().datetime({ offset: true }),
  /** The deadline of the running clock. */
  dueAt: z.string().datetime({ offset: true }),
  /** Pending escalation step; absent once the ladder is exhausted or the clock stopped. */
  next: EscalationStep.optional(),
  /** Highest level fired on this clock (0 = none). */
  level: z.number().int().nonnegative(),
  warned: z.boolean(),
  breachedAt: z.string().datetime({ offset: true }).optional(),
});
export type CaseSla = z.infer<typeof CaseSla>;

export const CaseAuthor = z.object({
  /** `<source>#<authorId>`: the author item's key. */
  key: z.string(),
  id: z.string(),
  source: z.string(),
  name: z.string().optional(),
  handle: z.string().optional(),
  followers: z.number().int().nonnegative().optional(),
  verified: z.boolean().optional(),
});
export type CaseAuthor = z.infer<typeof CaseAuthor>;

/** One customer's conversation with the brand, as agents see it. */
export const Case = z.object({
  caseId: z.string(),
  /** Optimistic-concurrency version, incremented by every change. */
  version: z.number().int().positive(),
  brand: z.string(),
  source: z.string(),
  conversationId: z.string().optional(),
  author: CaseAuthor,
  status: CaseStatus,
  priority: Priority,
  needsResponse: z.boolean(),
  amplify: z.boolean(),
  chronic: z.boolean(),
  sentiment: Sentiment,
  intents: z.array(Intent),
  urgency: z.array(Urgency),
  reasons: z.array(z.string()),
  suggestedReply: z.string().optional(),
  /** Excerpt of the latest customer mention. */
  excerpt: z.string(),
  url: z.string().optional(),
  mentionCount: z.number().int().nonnegative(),
  openedAt: z.string().datetime({ offset: true }),
  updatedAt: z.string().datetime({ offset: true }),
  lastMentionAt: z.string().datetime({ offset: true }),
  sla: CaseSla.optional(),
  assignee: z.string().optional(),
  acknowledgedAt: z.string().datetime({ offset: true }).optional(),
  acknowledgedBy: z.string().optional(),
  firstResponseAt: z.string().datetime({ offset: true }).optional(),
  /** Seconds from opening to the first brand response. */
  firstResponseSeconds: z.number().nonnegative().optional(),
  respondedAt: z.string().datetime({ offset: true }).optional(),
  resolvedAt: z.string().datetime({ offset: true }).optional(),
  mergedInto: z.string().optional(),
  /** Cases merged into this one: their mentions and timelines belong to this case's history. */
  mergedFrom: z.array(z.string()).optional(),
  /** A PagerDuty incident was triggered for this case (so handling it must resolve the incident). */
  paged: z.boolean().optional(),
  /** The incident this case belongs to: it escalates with the incident, not on its own. */
  incidentId: z.string().optional(),
});
export type Case = z.infer<typeof Case>;

/**
 * Why triage gave a case its priority and the reply it suggests. Stored apart from the case's
 * figures: they change only when a decision does, while the figures change with every mention.
 */
export const CaseDecision = Case.pick({ reasons: true, suggestedReply: true });
export type CaseDecision = z.infer<typeof CaseDecision>;

/** A case without its decision: what the case list and its filters read. */
export const CaseFigures = Case.omit({ reasons: true, suggestedReply: true });
export type CaseFigures = z.infer<typeof CaseFigures>;

/** A case as the list route shows it. */
export const CaseSummary = Case.pick({
  caseId: true,
  version: true,
  brand: true,
  source: true,
  status: true,
  priority: true,
  author: true,
  excerpt: true,
  intents: true,
  openedAt: true,
  assignee: true,
  amplify: true,
  url: true,
  incidentId: true,
}).extend({ dueAt: z.string().optional(), breached: z.boolean() });
export type CaseSummary = z.infer<typeof CaseSummary>;

/** Who did something to a case: an agent, a platform (brand reply seen there), or the system. */
export const Actor = z.object({
  type: z.enum(['agent', 'platform', 'system']),
  id: z.string(),
});
export type Actor = z.infer<typeof Actor>;

/** Entries in a case's timeline beside its mentions. */
export const TimelineEntry = z.object({
  at: z.string().datetime({ offset: true }),
  type: z.enum([
    'opened',
    'mention',
    'priority_raised',
    'escalated',
    'warned',
    'delivered',
    'delivery_held',
    'delivery_failed',
    'acknowledged',
    'assigned',
    'responded',
    'resolved',
    'reopened',
    'note',
    'merged',
    'triage_corrected',
    'reply_queued',
    'reply_failed',
    'reply_unknown',
    'incident_joined',
  ]),
  actor: Actor,
  detail: z.record(z.string(), z.unknown()).default({}),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;
