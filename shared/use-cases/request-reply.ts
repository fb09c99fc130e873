/**
 * An agent asks for a reply from a case: it is planned (where and how it can go), stored in the
 * case's outbox at the case version the agent saw, and queued for the sender. The answer comes
 * at once with the reply's id and state; the platform call happens in the sender.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, Case } from '../contracts/case';
import type { Reply, ReplyVisibility } from '../contracts/reply';
import { answeredMention, planReply } from '../domain/replies/reply-plan';
import { replyTimelineEntry } from '../domain/replies/reply-record';
import { CaseNotFoundError, CaseVersionConflictError } from './ports/case-errors';
import type { ReplyOutbox, ReplyPacer, ReplyQueue } from './ports/replies';

/** SQS delays a message at most 15 minutes; the sender waits out a later turn in more hops. */
const MAX_QUEUE_DELAY_SECONDS = 900;

/** The reply is stored but could not be queued; it was marked failed, nothing was posted. */
export class ReplyNotQueuedError extends Error {
  override name = 'ReplyNotQueuedError';
}

/** The replies an agent asks for, in the order they are sent. */
export type AskedReplies = readonly { visibility: ReplyVisibility; text: string }[];

export interface ReplyRequest {
  readonly caseId: string;
  /** The case version the agent saw; absent: the case as it is now (a reply to many cases). */
  readonly version?: number;
  readonly actor: Actor;
  /** The customer mention to answer; the latest from the customer when omitted. */
  readonly mentionId?: string;
  /** One reply, or a public acknowledgement followed by a private message, for the case as it is. */
  readonly replies: (subject: Case) => AskedReplies;
}

export interface RequestReplyDeps {
  readonly outbox: ReplyOutbox;
  readonly queue: ReplyQueue;
  readonly now: () => Date;
  /** Sources with a configured reply URL. */
  readonly webhookSources: readonly string[];
  readonly newId?: () => string;
  /** When set, each reply takes its turn under the platform's rate limit and waits for it. */
  readonly pacer?: ReplyPacer;
}

/** Stores and queues the replies; returns them as stored (state `queued`). */
export const requestReply = async (
  deps: RequestReplyDeps,
  request: ReplyRequest,
): Promise<Reply[]> => {
  const found = await deps.outbox.caseWithMentions(request.caseId);
  if (!found) throw new CaseNotFoundError(request.caseId);
  if (request.version !== undefined && found.case.version !== request.version)
    throw new CaseVersionConflictError(found.case.caseId, found.case);
  const now = deps.now();
  const at = now.toISOString();
  const mention = answeredMention(found.mentions, request.mentionId);
  const newId = deps.newId ?? (() => `r_${randomUUID()}`);
  const asked = request.replies(found.case);
  const ids = asked.map(() => newId());
  const turns = await Promise.all(
    asked.map(() => deps.pacer?.turn(found.case.brand, mention.source, now) ?? now),
  );
  const replies: Reply[] = asked.map((one, index) => {
    const turn = turns[index] ?? now;
    const followUp = ids[index + 1];
    const follows = index > 0 ? ids[index - 1] : undefined;
    return {
      replyId: ids[index] as string,
      caseId: found.case.caseId,
      brand: found.case.brand,
      source: mention.source,
      visibility: one.visibility,
      text: one.text,
      target: planReply({
        subject: found.case,
        mention,
        visibility: one.visibility,
        now,
        webhookSources: deps.webhookSources,
      }),
      inReplyToMentionId: mention.id,
      state: 'queued',
      requestedBy: request.actor,
      requestedAt: at,
      attempts: 0,
      deferrals: 0,
      ...(followUp ? { followUpReplyId: followUp } : {}),
      ...(follows ? { followsReplyId: follows } : {}),
      ...(turn > now
        ? {
            problem: {
              code: 'paced',
              message: `Waiting for its turn under ${mention.source}'s rate limit for the brand's replies.`,
              retryAt: turn.toISOString(),
            },
          }
        : {}),
    };
  });
  await deps.outbox.add(
    found.case.caseId,
    request.version ?? found.case.version,
    replies,
    replies.map((reply) => replyTimelineEntry(reply, 'reply_queued', at)),
  );
  const first = replies[0];
  if (!first) return replies;
  try {
    const wait = Math.ceil(((turns[0] ?? now).getTime() - now.getTime()) / 1000);
    const message = { type: 'reply.send' as const, caseId: first.caseId, replyId: first.replyId };
    if (wait > 0) await deps.queue.enqueue(message, Math.min(wait, MAX_QUEUE_DELAY_SECONDS));
    else await deps.queue.enqueue(message);
  } catch (error) {
    const problem = {
      code: 'not_queued',
      message: 'Not sent: the reply could not be queued. Nothing was posted; send it again.',
    };
    for (const reply of replies) {
      await deps.outbox.recordUnsent(
        reply,
        'failed',
        problem,
        replyTimelineEntry(reply, 'reply_failed', deps.now().toISOString(), problem),
      );
    }
    throw new ReplyNotQueuedError(`reply ${first.replyId} could not be queued`, { cause: error });
  }
  return replies;
};
