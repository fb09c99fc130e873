/**
 * Replies on an integration's own source: a Standard Webhooks `reply.requested` event, signed with
 * the integration's GENERIC_WEBHOOK_SECRETS, posted to the reply URL configured for the source.
 * `webhook-id` is the reply id, the same on every attempt, so the integration posts a reply once
 * however often it is delivered; that makes retrying a timeout or a 5xx safe here. The integration
 * posts the brand's reply back to `/webhooks/generic` as a `brand_reply`.
 */
import type { Reply, ReplyTarget } from '../../contracts/reply';
import type { SendOutcome } from '../../use-cases/ports/replies';
import { signStandardWebhook } from './generic';
import { field, isAnswer, postToPlatform, refusedFor, retryAfter } from './reply-http';

export const REPLY_REQUESTED = 'reply.requested';

export const sendWebhookReply = async (input: {
  readonly reply: Reply;
  readonly target: Extract<ReplyTarget, { kind: 'webhook' }>;
  readonly url: string;
  readonly secret: string;
  /** Real time, for `webhook-timestamp`, which receivers compare with theirs. */
  readonly realNow: () => Date;
  readonly now: () => Date;
  /** How long to wait for the platform's answer. */
  readonly timeoutMs?: number;
}): Promise<SendOutcome> => {
  const { reply, target } = input;
  const body = JSON.stringify({
    type: REPLY_REQUESTED,
    timestamp: input.realNow().toISOString(),
    data: {
      replyId: reply.replyId,
      caseId: reply.caseId,
      brand: reply.brand,
      source: target.source,
      visibility: reply.visibility,
      text: reply.text,
      inReplyToId: target.inReplyToId,
      authorId: target.authorId,
      ...(target.conversationId ? { conversationId: target.conversationId } : {}),
    },
  });
  const timestamp = Math.floor(input.realNow().getTime() / 1000);
  const answer = await postToPlatform({
    platform: `the ${target.source} integration`,
    url: input.url,
    headers: {
      'webhook-id': reply.replyId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(input.secret, {
        id: reply.replyId,
        timestamp,
        body,
      }),
    },
    body,
    now: input.now,
    ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}),
  });
  const retryAt = () => new Date(input.now().getTime() + 60_000).toISOString();
  if (!isAnswer(answer)) {
    // The receiver posts a webhook-id once, so a request whose answer was lost can be sent again.
    return refusedFor({
      code: 'no_answer',
      message: `The ${target.source} integration did not answer; the request is delivered again (the integration posts it once).`,
      retryAt: retryAt(),
    });
  }
  if (answer.status >= 200 && answer.status < 300) {
    const id = field(answer.json, 'id');
    const url = field(answer.json, 'url');
    return { kind: 'sent', ...(id ? { platformReplyId: id } : {}), ...(url ? { url } : {}) };
  }
  if (answer.status === 429 || answer.status >= 500) {
    return refusedFor({
      code: answer.status === 429 ? 'rate_limited' : 'platform_error',
      message: `The ${target.source} integration answered ${answer.status}; the request is delivered again (the integration posts it once).`,
      retryAt: retryAfter(answer.headers, input.now(), 60_000),
    });
  }
  return refusedFor({
    code: 'refused',
    message: `The ${target.source} integration refused the reply (${answer.status}); nothing was posted.`,
  });
};
