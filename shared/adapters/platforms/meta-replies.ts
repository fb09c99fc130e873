/**
 * Replies through Meta's Graph API with the brand's page access token: a comment under a Facebook
 * post or comment (`POST /{object-id}/comments`), a reply to an Instagram comment
 * (`POST /{ig-comment-id}/replies`), a private reply to a comment (`POST /{account-id}/messages`
 * with `recipient.comment_id`), and a Messenger or Instagram message (`messaging_type: RESPONSE`
 * within 24 hours, the `HUMAN_AGENT` tag up to 7 days). Every call carries `appsecret_proof`,
 * the HMAC-SHA256 of the access token keyed with the app secret.
 */
import { createHmac } from 'node:crypto';
import type { ReplyTarget } from '../../contracts/reply';
import type { SendOutcome } from '../../use-cases/ports/replies';
import {
  field,
  isAnswer,
  type PlatformAnswer,
  postToPlatform,
  refusedFor,
  serverErrorOutcome,
} from './reply-http';

/** The Graph API version the product is written and tested against. */
export const META_GRAPH_BASE_URL = 'https://graph.facebook.com/v21.0';

export type MetaTarget = Extract<
  ReplyTarget,
  { kind: 'facebook_comment' | 'instagram_comment_reply' | 'meta_private_reply' | 'meta_message' }
>;

export interface MetaCredentials {
  readonly pageAccessToken: string;
  readonly appSecret: string;
}

/** `appsecret_proof`: hex HMAC-SHA256 of the access token, keyed with the app secret. */
export const appSecretProof = (accessToken: string, appSecret: string): string =>
  createHmac('sha256', appSecret).update(accessToken).digest('hex');

/** Meta's rate-limit error codes: application, user, page, custom and business-use-case limits. */
const THROTTLING_CODES = new Set([4, 17, 32, 613, 80001, 80002, 80004, 80005, 80006, 80008]);
/** Without Meta's estimate, a throttled call is tried again after this long. */
const DEFAULT_THROTTLE_WAIT_MS = 5 * 60_000;

/** Minutes until access returns, from the `x-business-use-case-usage` header, if Meta gives it. */
const regainAccessMinutes = (headers: Headers): number | undefined => {
  const header = headers.get('x-business-use-case-usage');
  if (!header) return undefined;
  try {
    const usage = JSON.parse(header) as Record<
      string,
      { estimated_time_to_regain_access?: number }[]
    >;
    const minutes = Object.values(usage)
      .flat()
      .map((entry) => entry.estimated_time_to_regain_access ?? 0);
    return minutes.length > 0 ? Math.max(...minutes) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The Send API node: the Facebook page itself; for Instagram (through Facebook Login) the page
 * linked to the Instagram account, which `me` names with that page's token.
 */
const sender = (target: { network: 'facebook' | 'instagram'; accountId: string }): string =>
  target.network === 'facebook' ? encodeURIComponent(target.accountId) : 'me';

const request = (target: MetaTarget, text: string): { path: string; body: unknown } => {
  switch (target.kind) {
    case 'facebook_comment':
      return { path: `/${encodeURIComponent(target.objectId)}/comments`, body: { message: text } };
    case 'instagram_comment_reply':
      return { path: `/${encodeURIComponent(target.commentId)}/replies`, body: { message: text } };
    case 'meta_private_reply':
      return {
        path: `/${sender(target)}/messages`,
        body: { recipient: { comment_id: target.commentId }, message: { text } },
      };
    case 'meta_message':
      return {
        path: `/${sender(target)}/messages`,
        body: {
          recipient: { id: target.recipientId },
          ...(target.messagingType === 'RESPONSE'
            ? { messaging_type: 'RESPONSE' }
            : { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }),
          message: { text },
        },
      };
  }
};

const permalinkOf = (target: MetaTarget, id: string): string | undefined =>
  target.kind === 'facebook_comment' ? `https://www.facebook.com/${id}` : undefined;

const metaOutcome = (answer: PlatformAnswer, target: MetaTarget, now: Date): SendOutcome => {
  if (answer.status >= 200 && answer.status < 300) {
    const id = field(answer.json, 'id') ?? field(answer.json, 'message_id');
    if (id === undefined)
      return serverErrorOutcome('Meta', answer.status, 'the answer names no id');
    const url = permalinkOf(target, id);
    return { kind: 'sent', platformReplyId: id, ...(url ? { url } : {}) };
  }
  const code = Number(field(answer.json, 'error', 'code'));
  const subcode = Number(field(answer.json, 'error', 'error_subcode'));
  const detail = field(answer.json, 'error', 'message') ?? '';
  const said = `Meta error ${Number.isNaN(code) ? answer.status : code}${detail ? `: ${detail}` : ''}`;
  if (code === 190) {
    return refusedFor({
      code: 'token_expired',
      message: `The page access token expired or was revoked (${said}); nothing was posted. Create a new page access token, store it, and send the reply again.`,
    });
  }
  if (THROTTLING_CODES.has(code) || answer.status === 429) {
    const minutes = regainAccessMinutes(answer.headers);
    const retryAt = new Date(
      now.getTime() +
        (minutes !== undefined && minutes > 0 ? minutes * 60_000 : DEFAULT_THROTTLE_WAIT_MS),
    ).toISOString();
    return refusedFor({
      code: 'rate_limited',
      message: `Meta is throttling the page (${said}); nothing was posted, it is sent again after ${retryAt}.`,
      retryAt,
    });
  }
  if (subcode === 2018278 || /allowed window|outside of the allowed/i.test(detail)) {
    return refusedFor({
      code: 'window_closed',
      message: `Meta refused the message because the messaging window is closed (${said}); wait for the customer to write again.`,
    });
  }
  if (code === 551) {
    return refusedFor({
      code: 'recipient_unavailable',
      message: `The customer cannot receive messages from the page right now (${said}).`,
    });
  }
  if ((code === 100 && subcode === 33) || /does not exist|deleted/i.test(detail)) {
    return refusedFor({
      code: 'post_deleted',
      message: `The post or comment being answered no longer exists (${said}); nothing was posted.`,
    });
  }
  if (answer.status >= 500) return serverErrorOutcome('Meta', answer.status, detail);
  return refusedFor({
    code: 'refused',
    message: `Meta refused the reply (${said}); nothing was posted.`,
  });
};

/** Sends a reply whose target is on Facebook, Messenger or Instagram. */
export const sendMetaReply = async (input: {
  readonly target: MetaTarget;
  readonly text: string;
  readonly credentials: MetaCredentials;
  readonly baseUrl: string;
  readonly now: () => Date;
  /** How long to wait for the platform's answer. */
  readonly timeoutMs?: number;
}): Promise<SendOutcome> => {
  const { target, credentials } = input;
  const { path, body } = request(target, input.text);
  const proof = appSecretProof(credentials.pageAccessToken, credentials.appSecret);
  const answer = await postToPlatform({
    platform: 'Meta',
    url: `${input.baseUrl.replace(/\/$/, '')}${path}?appsecret_proof=${proof}`,
    headers: { authorization: `Bearer ${credentials.pageAccessToken}` },
    body: JSON.stringify(body),
    now: input.now,
    ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}),
  });
  if (!isAnswer(answer)) return answer;
  return metaOutcome(answer, target, input.now());
};
