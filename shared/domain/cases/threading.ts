/**
 * Case threading: what a new mention does to the cases of its customer. Pure: the caller reads the
 * candidate case, passes `now`, and writes the outcome.
 */
import type { Case, CaseAuthor, CaseSla, TimelineEntry } from '../../contracts/case';
import type { Mention } from '../../contracts/mention';
import { mostUrgent, type Priority, type TriageDecision } from '../../contracts/triage';
import { startSlaClock } from '../sla/deadlines';
import type { SlaPolicy } from '../sla/policy';

const HOUR_MS = 3_600_000;
const EXCERPT_LENGTH = 280;
const MAX_CASE_REASONS = 20;
const TRIAGE_ACTOR = { type: 'system', id: 'triage' } as const;

/** The author item's key of a mention's author: `<source>#<authorId>`. */
export const authorKeyOf = (mention: Mention): string => `${mention.source}#${mention.author.id}`;

/** The conversation a customer mention belongs to; `-` when the platform names none (reviews). */
export const conversationKeyOf = (mention: Mention): string => mention.conversationId ?? '-';

/** The first characters of a mention's text, whitespace collapsed, for lists and alerts. */
export const excerptOf = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_LENGTH ? flat : `${flat.slice(0, EXCERPT_LENGTH - 1)}…`;
};

/** The later of two ISO 8601 times (they may carry different offsets). */
export const laterOf = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);

/** Whether the brand still owes the customer an answer on this case. */
const awaitingResponse = (stored: Case): boolean =>
  stored.status === 'open' || stored.status === 'acknowledged';

/**
 * Whether a customer's new mention joins this case: same author, case not resolved or merged, and
 * the mention written within the threading window of the case's latest mention.
 */
export const canJoin = (stored: Case, mention: Mention, threadWindowHours: number): boolean =>
  stored.author.key === authorKeyOf(mention) &&
  stored.status !== 'resolved' &&
  stored.mergedInto === undefined &&
  Date.parse(mention.createdAt) - Date.parse(stored.lastMentionAt) <= threadWindowHours * HOUR_MS;

export interface CustomerMentionInput {
  readonly mention: Mention;
  readonly decision: TriageDecision;
  /** The author's open case in the mention's conversation, if the store found one. */
  readonly candidate: Case | undefined;
  /** The id a new case gets. */
  readonly newCaseId: string;
  readonly slaPolicy: SlaPolicy;
  readonly threadWindowHours: number;
  readonly now: Date;
}

export type CustomerMentionOutcome =
  | { readonly kind: 'opened'; readonly case: Case; readonly timeline: TimelineEntry[] }
  | {
      readonly kind: 'joined';
      readonly previous: Case;
      readonly case: Case;
      readonly timeline: TimelineEntry[];
      readonly priorityRaised: boolean;
    };

const caseAuthorOf = (mention: Mention): CaseAuthor => ({
  key: authorKeyOf(mention),
  id: mention.author.id,
  source: mention.source,
  name: mention.author.name,
  handle: mention.author.handle,
  followers: mention.author.followers,
  verified: mention.author.verified,
});

const union = <T>(a: readonly T[], b: readonly T[]): T[] => [...new Set([...a, ...b])];

const openCase = (input: CustomerMentionInput): CustomerMentionOutcome => {
  const { mention, decision, now } = input;
  const at = now.toISOString();
  const sla = decision.needsResponse
    ? startSlaClock({
        policy: input.slaPolicy,
        priority: decision.priority,
        clock: 'first_response',
        startedAt: now,
      })
    : undefined;
  const opened: Case = {
    caseId: input.newCaseId,
    version: 1,
    brand: mention.brand,
    source: mention.source,
    conversationId: mention.conversationId,
    author: caseAuthorOf(mention),
    status: 'open',
    priority: decision.priority,
    needsResponse: decision.needsResponse,
    amplify: decision.amplify,
    chronic: decision.chronic,
    sentiment: decision.classification.sentiment,
    intents: decision.classification.intents,
    urgency: decision.classification.urgency,
    reasons: decision.reasons.slice(0, MAX_CASE_REASONS),
    suggestedReply: decision.suggestedReply,
    excerpt: excerptOf(mention.text),
    url: mention.url,
    mentionCount: 1,
    openedAt: at,
    updatedAt: at,
    lastMentionAt: mention.createdAt,
    sla,
  };
  return {
    kind: 'opened',
    case: opened,
    timeline: [
      {
        at,
        type: 'opened',
        actor: TRIAGE_ACTOR,
        detail: {
          mentionId: mention.id,
          priority: decision.priority,
          needsResponse: decision.needsResponse,
          amplify: decision.amplify,
          ...(sla ? { dueAt: sla.dueAt } : {}),
        },
      },
    ],
  };
};

/**
 * The running clock after the case became more urgent: the deadline the new priority would set
 * from now, when that is earlier than the current one; otherwise the clock unchanged.
 */
const tightenedSla = (sla: CaseSla, policy: SlaPolicy, priority: Priority, now: Date): CaseSla => {
  const restarted = startSlaClock({ policy, priority, clock: sla.clock, startedAt: now });
  if (!restarted || restarted.dueAt >= sla.dueAt) return sla;
  const next =
    sla.warned && restarted.next?.kind === 'warning'
      ? { kind: 'level' as const, level: 1, dueAt: restarted.dueAt }
      : restarted.next;
  return {
    ...sla,
    policyId: restarted.policyId,
    dueAt: restarted.dueAt,
    ...(next ? { next } : {}),
  };
};

const joinCase = (previous: Case, input: CustomerMentionInput): CustomerMentionOutcome => {
  const { mention, decision, now } = input;
  const at = now.toISOString();
  const priority = mostUrgent(previous.priority, decision.priority);
  const priorityRaised = priority !== previous.priority;
  const needsResponse = previous.needsResponse || decision.needsResponse;
  // The follow-up itself is on the timeline, so the story reads "wrote again" before what it caused.
  const timeline: TimelineEntry[] = [followUpEntry(mention.id, decision, at)];

  let status = previous.status;
  let sla = previous.sla;
  if (awaitingResponse(previous) && sla) {
    if (priorityRaised) sla = tightenedSla(sla, input.slaPolicy, priority, now);
  } else if (decision.needsResponse) {
    // The customer wrote again after an answer (or on a case that needed none): a clock starts.
    const clock = previous.firstResponseAt ? 'next_response' : 'first_response';
    sla = startSlaClock({ policy: input.slaPolicy, priority, clock, startedAt: now });
    if (previous.status === 'responded') {
      status = 'open';
      timeline.push({
        at,
        type: 'reopened',
        actor: TRIAGE_ACTOR,
        detail: { mentionId: mention.id, clock, ...(sla ? { dueAt: sla.dueAt } : {}) },
      });
    }
  }
  if (priorityRaised) {
    timeline.push({
      at,
      type: 'priority_raised',
      actor: TRIAGE_ACTOR,
      detail: {
        mentionId: mention.id,
        from: previous.priority,
        to: priority,
        reasons: decision.reasons,
        ...(previous.sla ? { previousDueAt: previous.sla.dueAt } : {}),
        ...(sla ? { dueAt: sla.dueAt } : {}),
      },
    });
  }

  const joined: Case = {
    ...previous,
    version: previous.version + 1,
    status,
    priority,
    needsResponse,
    amplify: previous.amplify || decision.amplify,
    chronic: decision.chronic,
    sentiment: decision.classification.sentiment,
    intents: union(previous.intents, decision.classification.intents),
    urgency: union(previous.urgency, decision.classification.urgency),
    // The case's reasons say why it has its priority: a follow-up that does not raise it adds
    // none (its own reasons, "chasing, 3 mentions" and the like, would repeat with every count).
    reasons: priorityRaised
      ? union(previous.reasons, decision.reasons).slice(0, MAX_CASE_REASONS)
      : previous.reasons,
    suggestedReply: priorityRaised
      ? (decision.suggestedReply ?? previous.suggestedReply)
      : (previous.suggestedReply ?? decision.suggestedReply),
    // The excerpt is the latest mention's text: a late-delivered older mention leaves it alone.
    excerpt:
      laterOf(mention.createdAt, previous.lastMentionAt) === mention.createdAt
        ? excerptOf(mention.text)
        : previous.excerpt,
    url: mention.url ?? previous.url,
    mentionCount: previous.mentionCount + 1,
    updatedAt: at,
    lastMentionAt: laterOf(mention.createdAt, previous.lastMentionAt),
    sla,
  };
  return { kind: 'joined', previous, case: joined, timeline, priorityRaised };
};

/** The timeline entry of a customer mention that joined an open case ("customer wrote again"). */
export const followUpEntry = (
  mentionId: string,
  decision: Pick<TriageDecision, 'priority' | 'needsResponse'>,
  at: string,
): TimelineEntry => ({
  at,
  type: 'mention',
  actor: TRIAGE_ACTOR,
  detail: {
    mentionId,
    followUp: true,
    priority: decision.priority,
    needsResponse: decision.needsResponse,
  },
});

/**
 * Threads a customer's mention: it joins the candidate case when `canJoin` allows, otherwise it
 * opens a new case (praise that needs no response opens one without an SLA clock).
 */
export const threadCustomerMention = (input: CustomerMentionInput): CustomerMentionOutcome =>
  input.candidate && canJoin(input.candidate, input.mention, input.threadWindowHours)
    ? joinCase(input.candidate, input)
    : openCase(input);

export type BrandReplyOutcome =
  /** The reply answers the customer: the case is responded and its clock stopped. */
  | {
      readonly kind: 'responded';
      readonly previous: Case;
      readonly case: Case;
      readonly timeline: TimelineEntry[];
    }
  /** The case was already answered or closed: the reply is only recorded in its timeline. */
  | { readonly kind: 'noted'; readonly case: Case };

/**
 * A brand reply seen on the platform: the first (or next) response of the case it answers. The
 * clock stops — no pending step, so the case leaves the `sla-due` index — and is kept for history.
 */
export const recordBrandReply = (input: {
  readonly reply: Mention;
  readonly target: Case;
  readonly now: Date;
}): BrandReplyOutcome => {
  const { reply, target: previous, now } = input;
  if (!awaitingResponse(previous)) return { kind: 'noted', case: previous };
  const at = now.toISOString();
  const firstResponseAt = previous.firstResponseAt ?? at;
  const firstResponseSeconds =
    previous.firstResponseSeconds ??
    Math.max(0, (now.getTime() - Date.parse(previous.openedAt)) / 1000);
  const { sla, ...rest } = previous;
  const stopped = sla ? (({ next: _pending, ...kept }) => kept)(sla) : undefined;
  const responded: Case = {
    ...rest,
    version: previous.version + 1,
    status: 'responded',
    firstResponseAt,
    firstResponseSeconds,
    respondedAt: at,
    updatedAt: at,
    ...(stopped ? { sla: stopped } : {}),
  };
  return {
    kind: 'responded',
    previous,
    case: responded,
    timeline: [
      {
        at,
        type: 'responded',
        actor: { type: 'platform', id: `${reply.source}:${reply.author.id}` },
        detail: {
          mentionId: reply.id,
          firstResponseSeconds,
          ...(reply.url ? { url: reply.url } : {}),
        },
      },
    ],
  };
};
