/** What a reply's progress writes into its case: the response it records, the timeline entries. */
import type { Case, TimelineEntry } from '../../contracts/case';
import type { Reply, ReplyProblem } from '../../contracts/reply';
import { applyCaseAction, type CaseChange, CaseTransitionError } from '../cases/case-actions';
import type { SlaPolicy } from '../sla/policy';

/** Where a reply went, as the timeline says it: `public on x`, `private on messenger`. */
const where = (reply: Reply): string => `${reply.visibility} on ${reply.source}`;

/** The timeline entry of a reply that was asked for, failed, or whose outcome is unknown. */
export const replyTimelineEntry = (
  reply: Reply,
  type: 'reply_queued' | 'reply_failed' | 'reply_unknown',
  at: string,
  problem?: ReplyProblem,
): TimelineEntry => ({
  at,
  type,
  actor: reply.requestedBy,
  detail: {
    replyId: reply.replyId,
    where: where(reply),
    text: reply.text,
    ...(problem ? { code: problem.code, message: problem.message } : {}),
  },
});

/**
 * The case change of a reply the platform accepted: the brand's response at the time of the send
 * (stopping the clock; the first response when it is one), with who replied, where, the
 * platform's id of the reply and its link. A case closed since the reply was asked for keeps its
 * status: only the timeline entry is written (`change` undefined).
 */
export const replySentRecord = (input: {
  readonly current: Case;
  readonly reply: Reply;
  /** When the platform was called: the response time. */
  readonly sentAt: Date;
  readonly policies: readonly SlaPolicy[];
}): { change?: CaseChange; entry: TimelineEntry } => {
  const { current, reply, sentAt } = input;
  const detail = {
    replyId: reply.replyId,
    where: where(reply),
    text: reply.text,
    ...(reply.platformReplyId ? { platformReplyId: reply.platformReplyId } : {}),
    ...(reply.url ? { url: reply.url } : {}),
  };
  try {
    const change = applyCaseAction({
      current,
      action: { type: 'respond', text: reply.text, ...(reply.url ? { url: reply.url } : {}) },
      actor: reply.requestedBy,
      now: sentAt,
      policies: input.policies,
    });
    const entry = { ...change.entry, detail: { ...change.entry.detail, ...detail } };
    return { change: { ...change, entry }, entry };
  } catch (error) {
    if (!(error instanceof CaseTransitionError)) throw error;
    return {
      entry: {
        at: sentAt.toISOString(),
        type: 'responded',
        actor: reply.requestedBy,
        detail: { ...detail, first: false },
      },
    };
  }
};

/** The normalized text of a post, for matching a platform's echo with the reply that was sent. */
const comparable = (text: string): string =>
  text
    .replace(/^(?:@\w+\s+)+/u, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();

/**
 * Whether a brand post the platform reports is this reply: by the platform's id once known, else
 * (while the outcome is unknown) by the post it answers and its text. X prefixes a reply with the
 * handles it answers, so leading handles are ignored.
 */
export const isEchoOf = (
  reply: Reply,
  echo: { nativeId: string; inReplyToId?: string; conversationId?: string; text: string },
): boolean => {
  if (reply.platformReplyId !== undefined) return reply.platformReplyId === echo.nativeId;
  if (reply.attemptedAt === undefined) return false;
  // Without the platform's id (an integration that did not say it), the place and the text.
  const answers = answeredId(reply);
  const samePlace =
    answers === undefined || answers === echo.inReplyToId || answers === echo.conversationId;
  return samePlace && comparable(reply.text) === comparable(echo.text);
};

/** The platform id a reply answers or is addressed to, as an echo names it. */
const answeredId = (reply: Reply): string | undefined => {
  const target = reply.target;
  switch (target.kind) {
    case 'x_reply':
      return target.inReplyToTweetId;
    case 'facebook_comment':
      return target.objectId;
    case 'instagram_comment_reply':
      return target.commentId;
    case 'webhook':
      return target.inReplyToId;
    case 'meta_message':
      return target.recipientId;
    default:
      return undefined;
  }
};
