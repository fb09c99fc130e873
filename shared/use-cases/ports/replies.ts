/** What the reply use cases need from the world: the case outbox, the reply queue, the platforms. */
import type { Case, TimelineEntry } from '../../contracts/case';
import type { Reply, ReplyProblem, ReplyQueueMessage } from '../../contracts/reply';
import type { CaseChange } from '../../domain/cases/case-actions';
import type { AnswerableMention } from '../../domain/replies/reply-plan';

/** The replies of cases, stored beside them; every write is conditional on the reply's state. */
export interface ReplyOutbox {
  /** The case and its mentions (text may be gone: deleted by its author). */
  caseWithMentions(
    caseId: string,
  ): Promise<{ case: Case; mentions: AnswerableMention[] } | undefined>;
  get(caseId: string, replyId: string): Promise<Reply | undefined>;
  replies(caseId: string): Promise<Reply[]>;
  /** Stores new replies with their timeline entries, if the case is still at `expectedVersion`. */
  add(
    caseId: string,
    expectedVersion: number,
    replies: readonly Reply[],
    entries: readonly TimelineEntry[],
  ): Promise<void>;
  /** Marks the one attempt of a queued reply; false when it was already attempted or is not queued. */
  claim(reply: Reply, attemptedAt: string): Promise<boolean>;
  /** The platform accepted the reply: its id and link, the case change and timeline entry, at once. */
  recordSent(
    reply: Reply,
    record: { change?: CaseChange; entry: TimelineEntry },
    /** The reply as last seen, when not queued (an `unknown` one the platform reported). */
    seen?: Reply,
  ): Promise<void>;
  /** The platform refused without posting and asked to wait: queued again, not attempted. */
  recordDeferred(reply: Reply, problem: ReplyProblem & { retryAt: string }): Promise<void>;
  /** A queued reply waits for something else (the public reply it follows): says why. */
  recordWaiting(reply: Reply, problem: ReplyProblem): Promise<void>;
  /** Not posted and not retried (`failed`), or perhaps posted (`unknown`). */
  recordUnsent(
    reply: Reply,
    state: 'failed' | 'unknown',
    problem: ReplyProblem,
    entry: TimelineEntry,
  ): Promise<void>;
}

export interface ReplyQueue {
  enqueue(message: ReplyQueueMessage, delaySeconds?: number): Promise<void>;
}

/**
 * What a platform said to one send. `refused`: nothing was posted (with `retryAt` when waiting
 * and sending again can succeed). `unknown`: it may have been posted (a timeout, a lost answer).
 */
export type SendOutcome =
  | { readonly kind: 'sent'; readonly platformReplyId?: string; readonly url?: string }
  | { readonly kind: 'refused'; readonly problem: ReplyProblem }
  | { readonly kind: 'unknown'; readonly problem: ReplyProblem };

/** Sends one reply to its platform, with the brand's credentials. */
export interface ReplyChannel {
  send(reply: Reply): Promise<SendOutcome>;
}

/** Turns for a brand's replies to a platform, shared by every sender, under its rate limits. */
export interface ReplyPacer {
  /** Takes the next turn of the brand's replies to `source`: the time it may be sent. */
  turn(brand: string, source: string, now: Date): Promise<Date>;
}
