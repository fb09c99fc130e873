/**
 * Replies on X through API v2 in the brand account's OAuth 1.0a user context: a public reply is
 * `POST /2/tweets` with `reply.in_reply_to_tweet_id`, a private one
 * `POST /2/dm_conversations/with/{participant_id}/messages`. Requests are signed with the
 * `oauth-1.0a` library (HMAC-SHA1); a JSON body is not part of the signature base string.
 */
import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import type { ReplyTarget } from '../../contracts/reply';
import type { SendOutcome } from '../../use-cases/ports/replies';
import {
  field,
  isAnswer,
  type PlatformAnswer,
  postToPlatform,
  refusedFor,
  retryAfter,
  serverErrorOutcome,
} from './reply-http';

export const X_API_BASE_URL = 'https://api.x.com';

export interface XCredentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
}

/** The OAuth 1.0a `Authorization` header of a request (HMAC-SHA1, as X requires). */
export const xAuthorization = (
  credentials: XCredentials,
  request: { method: string; url: string; data?: Record<string, string> },
  fixed?: { nonce: string; timestamp: number },
): string => {
  const oauth = new OAuth({
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    signature_method: 'HMAC-SHA1',
    hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
  });
  if (fixed) {
    oauth.getNonce = () => fixed.nonce;
    oauth.getTimeStamp = () => fixed.timestamp;
  }
  const authorization = oauth.authorize(request, {
    key: credentials.accessToken,
    secret: credentials.accessTokenSecret,
  });
  return oauth.toHeader(authorization).Authorization;
};

/** X's error answer: `detail` (v2 problem) or the first `errors[].message`. */
const xDetail = (answer: PlatformAnswer): string =>
  field(answer.json, 'detail') ??
  field(answer.json, 'errors', '0', 'message') ??
  field(answer.json, 'title') ??
  '';

const xOutcome = (answer: PlatformAnswer, now: Date, kind: 'tweet' | 'dm'): SendOutcome => {
  const detail = xDetail(answer);
  if (answer.status === 201 || answer.status === 200) {
    const id =
      kind === 'tweet'
        ? field(answer.json, 'data', 'id')
        : field(answer.json, 'data', 'dm_event_id');
    if (id === undefined) return serverErrorOutcome('X', answer.status, 'the answer names no id');
    return kind === 'tweet'
      ? { kind: 'sent', platformReplyId: id, url: `https://x.com/i/web/status/${id}` }
      : { kind: 'sent', platformReplyId: id };
  }
  if (answer.status === 429) {
    const reset = Number(answer.headers.get('x-rate-limit-reset'));
    const retryAt =
      Number.isFinite(reset) && reset > 0
        ? new Date(reset * 1000).toISOString()
        : retryAfter(answer.headers, now, 15 * 60_000);
    return refusedFor({
      code: 'rate_limited',
      message: `X's rate limit for the brand account is used up; nothing was posted, it is sent again after ${retryAt}.`,
      retryAt,
    });
  }
  if (answer.status === 401) {
    return refusedFor({
      code: 'token_invalid',
      message: `X refused the brand account's credentials (401${detail ? `: ${detail}` : ''}); nothing was posted. Reconnect the account (new access token and secret) and send it again.`,
    });
  }
  if (answer.status === 503) {
    return refusedFor({
      code: 'platform_unavailable',
      message: 'X is over capacity (503); nothing was posted, it is tried again in a minute.',
      retryAt: new Date(now.getTime() + 60_000).toISOString(),
    });
  }
  if (answer.status >= 500) return serverErrorOutcome('X', answer.status, detail);
  if (/deleted|not visible|does not exist|not found/i.test(detail) || answer.status === 404) {
    return refusedFor({
      code: 'post_deleted',
      message: `X says the post being answered is gone (${detail || answer.status}); nothing was posted.`,
    });
  }
  return refusedFor({
    code: kind === 'dm' && answer.status === 403 ? 'messages_closed' : 'refused',
    message:
      kind === 'dm' && answer.status === 403
        ? `X did not deliver the direct message (${detail || 'forbidden'}): the customer may not accept messages from the brand. Ask them publicly to follow or message the brand.`
        : `X refused the reply (${answer.status}${detail ? `: ${detail}` : ''}); nothing was posted.`,
  });
};

/** Sends a reply whose target is on X. */
export const sendXReply = async (input: {
  readonly target: Extract<ReplyTarget, { kind: 'x_reply' | 'x_direct_message' }>;
  readonly text: string;
  readonly credentials: XCredentials;
  readonly baseUrl: string;
  readonly now: () => Date;
  /** How long to wait for the platform's answer. */
  readonly timeoutMs?: number;
}): Promise<SendOutcome> => {
  const { target, text, credentials } = input;
  const { path, body } =
    target.kind === 'x_reply'
      ? {
          path: '/2/tweets',
          body: { text, reply: { in_reply_to_tweet_id: target.inReplyToTweetId } },
        }
      : {
          path: `/2/dm_conversations/with/${encodeURIComponent(target.participantId)}/messages`,
          body: { text },
        };
  const url = `${input.baseUrl.replace(/\/$/, '')}${path}`;
  const answer = await postToPlatform({
    platform: 'X',
    url,
    headers: { authorization: xAuthorization(credentials, { method: 'POST', url }) },
    body: JSON.stringify(body),
    now: input.now,
    ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}),
  });
  if (!isAnswer(answer)) return answer;
  return xOutcome(answer, input.now(), target.kind === 'x_reply' ? 'tweet' : 'dm');
};
