/**
 * A reply the brand sends from a case: asked for through the cases API, kept in the case's outbox
 * and sent once by the reply sender.
 */
import * as z from 'zod';
import { Actor } from './case';

/** Public: where the customer posted (a reply, a comment). Private: a direct message. */
export const ReplyVisibility = z.enum(['public', 'private']);
export type ReplyVisibility = z.infer<typeof ReplyVisibility>;

/**
 * `queued`: waiting to be sent (or to be retried after a refusal that did not post it).
 * `sent`: the platform accepted it. `failed`: it was not posted and will not be retried.
 * `unknown`: it may or may not have been posted (the platform did not answer in time); it is
 * never sent again automatically and becomes `sent` when the platform reports the brand's reply.
 */
export const ReplyState = z.enum(['queued', 'sent', 'failed', 'unknown']);
export type ReplyState = z.infer<typeof ReplyState>;

/** Where and how a reply goes, decided when it is asked for; the sender only carries it out. */
export const ReplyTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('x_reply'), inReplyToTweetId: z.string() }),
  z.object({ kind: z.literal('x_direct_message'), participantId: z.string() }),
  /** A comment under a Facebook post or comment (`POST /{object-id}/comments`). */
  z.object({ kind: z.literal('facebook_comment'), objectId: z.string() }),
  /** An Instagram comment reply (`POST /{ig-comment-id}/replies`). */
  z.object({ kind: z.literal('instagram_comment_reply'), commentId: z.string() }),
  /** A private reply to a Facebook or Instagram comment, sent as a message from the account. */
  z.object({
    kind: z.literal('meta_private_reply'),
    network: z.enum(['facebook', 'instagram']),
    accountId: z.string(),
    commentId: z.string(),
  }),
  /** A Messenger or Instagram direct message to the customer, inside the messaging window. */
  z.object({
    kind: z.literal('meta_message'),
    network: z.enum(['facebook', 'instagram']),
    accountId: z.string(),
    recipientId: z.string(),
    /** `RESPONSE` within 24 hours of the customer's last message; the human-agent tag up to 7 days. */
    messagingType: z.enum(['RESPONSE', 'HUMAN_AGENT']),
  }),
  z.object({ kind: z.literal('trustpilot_review_reply'), reviewId: z.string() }),
  /** An integration's own source: a signed `reply.requested` webhook to its reply URL. */
  z.object({
    kind: z.literal('webhook'),
    source: z.string(),
    inReplyToId: z.string(),
    authorId: z.string(),
    conversationId: z.string().optional(),
  }),
]);
export type ReplyTarget = z.infer<typeof ReplyTarget>;

/** Why a reply is not (yet) posted, in words an agent understands. */
export const ReplyProblem = z.object({
  code: z.string(),
  message: z.string(),
  /** When the platform asked to wait: the next attempt is not before this time. */
  retryAt: z.string().datetime({ offset: true }).optional(),
});
export type ReplyProblem = z.infer<typeof ReplyProblem>;

export const Reply = z.object({
  replyId: z.string(),
  caseId: z.string(),
  brand: z.string(),
  source: z.string(),
  visibility: ReplyVisibility,
  text: z.string(),
  target: ReplyTarget,
  /** The customer mention this reply answers. */
  inReplyToMentionId: z.string(),
  state: ReplyState,
  requestedBy: Actor,
  requestedAt: z.string().datetime({ offset: true }),
  /** Attempts at the platform call that could have posted it (at most one). */
  attempts: z.number().int().nonnegative(),
  /** Refusals the platform answered without posting (rate limits), each followed by a retry. */
  deferrals: z.number().int().nonnegative().default(0),
  /** Set while an attempt is in flight or its outcome is not known; the time of the send. */
  attemptedAt: z.string().datetime({ offset: true }).optional(),
  sentAt: z.string().datetime({ offset: true }).optional(),
  /** The platform's id of the posted reply, and a link to it where the platform has one. */
  platformReplyId: z.string().optional(),
  url: z.string().optional(),
  problem: ReplyProblem.optional(),
  /** The private reply that follows this public one ("take it offline"). */
  followUpReplyId: z.string().optional(),
  /** The public reply this private one follows; it is sent only once that one is sent. */
  followsReplyId: z.string().optional(),
});
export type Reply = z.infer<typeof Reply>;

/** What the reply queue carries: only which reply to send; the outbox holds the rest. */
export const ReplyQueueMessage = z.object({
  type: z.literal('reply.send'),
  caseId: z.string().min(1),
  replyId: z.string().min(1),
});
export type ReplyQueueMessage = z.infer<typeof ReplyQueueMessage>;
