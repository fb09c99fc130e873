/**
 * The private half of "take it private" goes only once its public reply is on the platform: when
 * the sender posted it, or when the platform's echo settled a public reply whose outcome was
 * unknown.
 */
import type { Reply, ReplyProblem } from '../contracts/reply';
import type { ReplyOutbox, ReplyQueue } from './ports/replies';

/** Why a private follow-up is still queued: its public reply may or may not be posted. */
export const AWAITING_PUBLIC_REPLY: ReplyProblem = {
  code: 'awaiting_public_reply',
  message:
    'Waiting: it is not known whether the public reply it follows was posted. This message goes as soon as the platform shows the public reply; if the public reply is not there, send the private reply again yourself.',
};

/** Queues the follow-up of a public reply that is now posted, unless it already went or failed. */
export const releaseFollowUp = async (
  deps: { readonly outbox: ReplyOutbox; readonly queue: ReplyQueue },
  posted: Reply,
): Promise<void> => {
  if (posted.followUpReplyId === undefined) return;
  const next = await deps.outbox.get(posted.caseId, posted.followUpReplyId);
  if (next?.state !== 'queued' || next.attemptedAt !== undefined) return;
  await deps.queue.enqueue({ type: 'reply.send', caseId: next.caseId, replyId: next.replyId });
};
