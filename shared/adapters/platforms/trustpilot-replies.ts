/**
 * Trustpilot's business reply to a review: `POST /v1/private/reviews/{reviewId}/reply` with the
 * business user's OAuth access token (Bearer) and `{ "message": … }`; 201 Created on success.
 */
import type { SendOutcome } from '../../use-cases/ports/replies';
import {
  field,
  isAnswer,
  postToPlatform,
  refusedFor,
  retryAfter,
  serverErrorOutcome,
} from './reply-http';

export const TRUSTPILOT_API_BASE_URL = 'https://api.trustpilot.com';

/** Sends the reply to a review; a review holds one reply, so its id is the review's. */
export const sendTrustpilotReply = async (input: {
  readonly reviewId: string;
  readonly text: string;
  readonly accessToken: string;
  readonly baseUrl: string;
  /** Whether an expired token can be refreshed here (the sender then refreshes and sends again). */
  readonly refreshable?: boolean;
  readonly now: () => Date;
  /** How long to wait for the platform's answer. */
  readonly timeoutMs?: number;
}): Promise<SendOutcome> => {
  const review = encodeURIComponent(input.reviewId);
  const answer = await postToPlatform({
    platform: 'Trustpilot',
    url: `${input.baseUrl.replace(/\/$/, '')}/v1/private/reviews/${review}/reply`,
    headers: { authorization: `Bearer ${input.accessToken}` },
    body: JSON.stringify({ message: input.text }),
    now: input.now,
    ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}),
  });
  if (!isAnswer(answer)) return answer;
  const detail = field(answer.json, 'message') ?? field(answer.json, 'details') ?? '';
  if (answer.status >= 200 && answer.status < 300) {
    return {
      kind: 'sent',
      platformReplyId: input.reviewId,
      url: `https://www.trustpilot.com/reviews/${review}`,
    };
  }
  if (answer.status === 401) {
    return refusedFor({
      code: 'token_expired',
      message: input.refreshable
        ? `Trustpilot refused the access token (401${detail ? `: ${detail}` : ''}) again after it was renewed; nothing was posted. Authorize the app again and store the new tokens.`
        : `Trustpilot refused the access token (401${detail ? `: ${detail}` : ''}); it expires after 100 hours. Store TRUSTPILOT_REFRESH_TOKEN, TRUSTPILOT_API_KEY and TRUSTPILOT_API_SECRET with it so that it is renewed by itself, or store a new one, and send the reply again.`,
    });
  }
  if (answer.status === 404) {
    return refusedFor({
      code: 'post_deleted',
      message: 'Trustpilot has no such review any more (404); nothing was posted.',
    });
  }
  if (answer.status === 429) {
    const retryAt = retryAfter(answer.headers, input.now(), 60_000);
    return refusedFor({
      code: 'rate_limited',
      message: `Trustpilot's rate limit is used up; nothing was posted, it is sent again after ${retryAt}.`,
      retryAt,
    });
  }
  if (answer.status >= 500) return serverErrorOutcome('Trustpilot', answer.status, detail);
  return refusedFor({
    code: 'refused',
    message: `Trustpilot refused the reply (${answer.status}${detail ? `: ${detail}` : ''}); nothing was posted.`,
  });
};
