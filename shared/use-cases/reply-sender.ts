/**
 * Sends a queued reply to its platform, exactly once. The one platform call is preceded by a
 * conditional claim (`attemptedAt`), so a redelivered message, a second sender or a crash can
 * never post it twice: a reply found claimed but unrecorded is marked `unknown`, and the
 * platform's webhook echo of the brand's post settles it later.
 */
import type { Reply, ReplyProblem, ReplyQueueMessage } from '../contracts/reply';
import type { PendingCaseEvent } from '../domain/cases/case-actions';
import { replySentRecord, replyTimelineEntry } from '../domain/replies/reply-record';
import type { SlaPolicy } from '../domain/sla/policy';
import type { Clock } from './ports/clock';
import type { ReplyChannel, ReplyOutbox, ReplyQueue } from './ports/replies';
import { AWAITING_PUBLIC_REPLY, releaseFollowUp } from './reply-follow-up';

/** Refusals with a wait (rate limits) are retried this many times before the reply fails. */
export const MAX_DEFERRALS = 5;
/**
 * The reply sender's Lambda timeout: an attempt claimed less than this long ago may still be in
 * flight, one claimed earlier and not recorded was cut short.
 */
export const REPLY_SENDER_TIMEOUT_SECONDS = 60;
/** SQS delays a message at most 15 minutes; a longer wait is reached in several hops. */
const MAX_DELAY_SECONDS = 900;

export type ReplySendResult =
  | 'sent'
  | 'deferred'
  | 'failed'
  | 'unknown'
  | 'already_handled'
  | 'not_due'
  | 'missing';

export interface ReplySenderDeps {
  readonly outbox: ReplyOutbox;
  readonly queue: ReplyQueue;
  readonly channel: ReplyChannel;
  readonly clock: Clock;
  readonly policies: readonly SlaPolicy[];
  /** Puts a recorded response's case events on the bus. */
  readonly publish: (events: readonly PendingCaseEvent[]) => Promise<void>;
  /** Told when they could not be (the reply and the response are recorded all the same). */
  readonly onEventsUnpublished: (error: unknown) => void;
}

/** A crash between the send and its record: the platform may have posted it. */
export const INTERRUPTED: ReplyProblem = {
  code: 'interrupted',
  message:
    'The sender stopped while posting this reply, so it may or may not be on the platform. It will not be sent again automatically; it is marked sent when the platform reports it. Check the platform before sending it again.',
};

export class ReplySender {
  constructor(private readonly deps: ReplySenderDeps) {}

  /** Handles one queue message; throws only when the queue should deliver it again. */
  async handle(message: ReplyQueueMessage): Promise<ReplySendResult> {
    const { outbox, clock } = this.deps;
    const reply = await outbox.get(message.caseId, message.replyId);
    if (!reply) return 'missing';
    if (reply.state === 'sent') {
      await this.releaseFollowUp(reply);
      return 'already_handled';
    }
    if (reply.state !== 'queued') return 'already_handled';
    if (reply.attemptedAt !== undefined) {
      const since = clock.now().getTime() - Date.parse(reply.attemptedAt);
      if (since < REPLY_SENDER_TIMEOUT_SECONDS * 1000) {
        // A duplicate delivery while another sender is still posting it: ask again later.
        throw new ReplyInFlightError(`reply ${reply.replyId} is being sent by another sender`);
      }
      await this.recordUnsent(reply, 'unknown', INTERRUPTED);
      await this.holdFollowUp(reply);
      return 'unknown';
    }
    const now = clock.now();
    const retryAt = reply.problem?.retryAt;
    if (retryAt !== undefined && Date.parse(retryAt) > now.getTime()) {
      await this.enqueue(reply, Date.parse(retryAt) - now.getTime());
      return 'not_due';
    }
    if (reply.followsReplyId !== undefined) {
      const before = await outbox.get(reply.caseId, reply.followsReplyId);
      if (before?.state !== 'sent') return 'not_due';
    }
    const attemptedAt = now.toISOString();
    if (!(await outbox.claim(reply, attemptedAt))) return 'already_handled';
    const claimed: Reply = { ...reply, attemptedAt, attempts: reply.attempts + 1 };
    const outcome = await this.deps.channel.send(claimed);
    switch (outcome.kind) {
      case 'sent': {
        await this.recordSent(
          {
            ...claimed,
            state: 'sent',
            sentAt: attemptedAt,
            ...(outcome.platformReplyId ? { platformReplyId: outcome.platformReplyId } : {}),
            ...(outcome.url ? { url: outcome.url } : {}),
          },
          now,
        );
        await this.releaseFollowUp(claimed);
        return 'sent';
      }
      case 'refused': {
        const wait = outcome.problem.retryAt;
        if (wait !== undefined && claimed.deferrals < MAX_DEFERRALS) {
          await outbox.recordDeferred(claimed, { ...outcome.problem, retryAt: wait });
          await this.enqueue(claimed, Date.parse(wait) - now.getTime());
          return 'deferred';
        }
        await this.recordUnsent(claimed, 'failed', outcome.problem);
        await this.failFollowUp(claimed);
        return 'failed';
      }
      case 'unknown':
        await this.recordUnsent(claimed, 'unknown', outcome.problem);
        await this.holdFollowUp(claimed);
        return 'unknown';
    }
  }

  private async recordSent(reply: Reply, now: Date): Promise<void> {
    const { outbox } = this.deps;
    for (let attempt = 1; ; attempt += 1) {
      const found = await outbox.caseWithMentions(reply.caseId);
      if (!found)
        throw new ReplyCaseMissingError(`case ${reply.caseId} of reply ${reply.replyId} is gone`);
      const record = replySentRecord({
        current: found.case,
        reply,
        sentAt: new Date(reply.attemptedAt ?? now.toISOString()),
        policies: this.deps.policies,
      });
      try {
        await outbox.recordSent(reply, record);
      } catch (error) {
        // Another change of the case came first: compute the response again on the new version.
        if (!(error instanceof ReplyCaseChangedError) || attempt >= 5) throw error;
        continue;
      }
      if (record.change) {
        await this.deps.publish(record.change.events).catch(this.deps.onEventsUnpublished);
      }
      return;
    }
  }

  private async recordUnsent(
    reply: Reply,
    state: 'failed' | 'unknown',
    problem: ReplyProblem,
  ): Promise<void> {
    const entry = replyTimelineEntry(
      reply,
      state === 'failed' ? 'reply_failed' : 'reply_unknown',
      this.deps.clock.now().toISOString(),
      problem,
    );
    await this.deps.outbox.recordUnsent(reply, state, problem, entry);
  }

  /** The private half of "take it offline" goes once the public acknowledgement is posted. */
  private releaseFollowUp(reply: Reply): Promise<void> {
    return releaseFollowUp(this.deps, reply);
  }

  /** The follow-up of a queued reply not yet attempted, if any. */
  private async pendingFollowUp(reply: Reply): Promise<Reply | undefined> {
    if (reply.followUpReplyId === undefined) return undefined;
    const next = await this.deps.outbox.get(reply.caseId, reply.followUpReplyId);
    return next?.state === 'queued' && next.attemptedAt === undefined ? next : undefined;
  }

  /**
   * The public reply may be on the platform: the private one waits for the platform's echo of it
   * (ReplyEchoes releases it), and says so.
   */
  private async holdFollowUp(reply: Reply): Promise<void> {
    const next = await this.pendingFollowUp(reply);
    if (next) await this.deps.outbox.recordWaiting(next, AWAITING_PUBLIC_REPLY);
  }

  private async failFollowUp(reply: Reply): Promise<void> {
    const next = await this.pendingFollowUp(reply);
    if (!next) return;
    await this.recordUnsent(next, 'failed', {
      code: 'public_reply_not_sent',
      message:
        'Not sent: the public reply it follows was not posted; send the private reply again once the public one is there.',
    });
  }

  private async enqueue(reply: Reply, delayMs: number): Promise<void> {
    const delaySeconds = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delayMs / 1000)));
    await this.deps.queue.enqueue(
      { type: 'reply.send', caseId: reply.caseId, replyId: reply.replyId },
      delaySeconds,
    );
  }
}

/** Another sender is posting this reply; the queue delivers the message again later. */
export class ReplyInFlightError extends Error {
  override name = 'ReplyInFlightError';
}

/** The case of a reply no longer exists. */
export class ReplyCaseMissingError extends Error {
  override name = 'ReplyCaseMissingError';
}

/** The case changed between reading it and recording the reply's response; read it again. */
export class ReplyCaseChangedError extends Error {
  override name = 'ReplyCaseChangedError';
}
