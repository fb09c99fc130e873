/** X Account Activity API: CRC handshake, signed deliveries, tweets, direct messages, deletions. */
import * as z from 'zod';
import { type Mention, mentionId } from '../contracts/mention';
import { badRequest } from '../http/http-error';
import { EpochTime, PlatformDate } from './mention-fields';
import { type NormalizeContext, type Platform, WebhookCollector } from './platform';
import { hmacSha256, requireSecret, verifyBodyHmacHeader } from './signatures';

const SOURCE = 'x';
export const X_SIGNATURE_HEADER = 'x-twitter-webhooks-signature';

const XUser = z.object({
  id_str: z.string().min(1),
  name: z.string().optional(),
  screen_name: z.string().optional(),
  followers_count: z.number().int().nonnegative().optional(),
  verified: z.boolean().optional(),
});

const XTweet = z.object({
  id_str: z.string().min(1),
  created_at: PlatformDate,
  timestamp_ms: EpochTime.optional(),
  text: z.string().optional(),
  full_text: z.string().optional(),
  extended_tweet: z.object({ full_text: z.string() }).optional(),
  user: XUser,
  in_reply_to_status_id_str: z.string().nullish(),
  is_quote_status: z.boolean().optional(),
  retweeted_status: z.unknown().optional(),
  lang: z.string().optional(),
  retweet_count: z.number().int().nonnegative().optional(),
  favorite_count: z.number().int().nonnegative().optional(),
  reply_count: z.number().int().nonnegative().optional(),
});
type XTweet = z.infer<typeof XTweet>;

const XDirectMessage = z.object({
  type: z.string(),
  id: z.string().min(1),
  created_timestamp: EpochTime,
  message_create: z
    .object({
      target: z.object({ recipient_id: z.string().min(1) }),
      sender_id: z.string().min(1),
      message_data: z.object({ text: z.string().default('') }),
    })
    .optional(),
});

/** The `users` map of a direct message delivery (the v1.1 user shape with `id`). */
const XDmUser = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  screen_name: z.string().optional(),
  followers_count: z.number().int().nonnegative().optional(),
  verified: z.boolean().optional(),
});

const XTweetDelete = z.object({
  status: z.object({ id: z.string().min(1), user_id: z.string().optional() }),
  timestamp_ms: EpochTime,
});

const XWebhook = z.looseObject({
  for_user_id: z.string().min(1),
  tweet_create_events: z.array(XTweet).optional(),
  direct_message_events: z.array(XDirectMessage).optional(),
  users: z.record(z.string(), XDmUser).optional(),
  tweet_delete_events: z.array(XTweetDelete).optional(),
});
type XWebhook = z.infer<typeof XWebhook>;

const HANDLED_EVENTS = new Set([
  'tweet_create_events',
  'direct_message_events',
  'tweet_delete_events',
]);

const profileUrl = (handle: string | undefined) =>
  handle ? `https://x.com/${encodeURIComponent(handle)}` : undefined;

/**
 * Every tweet is threaded under the tweet it answers (or itself when it answers none), so a brand
 * reply lands in the conversation of the customer tweet it answers.
 */
const tweetToMention = (tweet: XTweet, webhook: XWebhook, brand: string): Mention => {
  const byBrand = tweet.user.id_str === webhook.for_user_id;
  const inReplyToId = tweet.in_reply_to_status_id_str ?? undefined;
  const handle = tweet.user.screen_name;
  return {
    id: mentionId(SOURCE, tweet.id_str),
    source: SOURCE,
    nativeId: tweet.id_str,
    kind: byBrand ? 'brand_reply' : inReplyToId ? 'reply' : 'mention',
    brand,
    account: webhook.for_user_id,
    author: {
      id: tweet.user.id_str,
      name: tweet.user.name,
      handle,
      followers: tweet.user.followers_count,
      verified: tweet.user.verified,
      profileUrl: profileUrl(handle),
    },
    text: tweet.extended_tweet?.full_text ?? tweet.full_text ?? tweet.text ?? '',
    language: tweet.lang && tweet.lang !== 'und' ? tweet.lang : undefined,
    url: `https://x.com/${encodeURIComponent(handle ?? 'i')}/status/${tweet.id_str}`,
    conversationId: inReplyToId ?? tweet.id_str,
    inReplyToId,
    createdAt: (tweet.timestamp_ms ?? tweet.created_at).toISOString(),
    metrics: {
      reposts: tweet.retweet_count,
      likes: tweet.favorite_count,
      replies: tweet.reply_count,
    },
    raw: { route: SOURCE, eventType: 'tweet_create_events' },
  };
};

/** A 1:1 direct message conversation id as X writes it: both user ids, smaller first. */
const dmConversationId = (a: string, b: string): string => {
  const [first, second] = [a, b].sort(
    (p, q) => p.length - q.length || (p < q ? -1 : p > q ? 1 : 0),
  );
  return `${first}-${second}`;
};

const normalizeXWebhook = (payload: unknown, context: NormalizeContext) => {
  const webhook = new WebhookCollector(context.receivedAt);
  const delivery = XWebhook.parse(payload);
  for (const [key, value] of Object.entries(delivery)) {
    if (key.endsWith('_events') && !HANDLED_EVENTS.has(key)) {
      webhook.ignore(key, Array.isArray(value) ? value.length : 1);
    }
  }
  const brand = context.brands.brandOfAccount('x', delivery.for_user_id);
  if (brand === undefined) {
    webhook.refuse('x', delivery.for_user_id);
    return webhook;
  }
  for (const tweet of delivery.tweet_create_events ?? []) {
    const byBrand = tweet.user.id_str === delivery.for_user_id;
    if (tweet.retweeted_status !== undefined) webhook.ignore('tweet_create_events.retweet');
    else if (byBrand && !tweet.in_reply_to_status_id_str)
      webhook.ignore('tweet_create_events.own_post');
    else webhook.received(tweetToMention(tweet, delivery, brand));
  }
  for (const event of delivery.direct_message_events ?? []) {
    const message = event.message_create;
    if (event.type !== 'message_create' || message === undefined) {
      webhook.ignore(`direct_message_events.${event.type}`);
      continue;
    }
    const byBrand = message.sender_id === delivery.for_user_id;
    const sender = delivery.users?.[message.sender_id];
    webhook.received({
      id: mentionId(SOURCE, event.id),
      source: SOURCE,
      nativeId: event.id,
      kind: byBrand ? 'brand_reply' : 'direct_message',
      brand,
      account: delivery.for_user_id,
      author: {
        id: message.sender_id,
        name: sender?.name,
        handle: sender?.screen_name,
        followers: sender?.followers_count,
        verified: sender?.verified,
        profileUrl: profileUrl(sender?.screen_name),
      },
      text: message.message_data.text,
      conversationId: dmConversationId(message.sender_id, message.target.recipient_id),
      createdAt: event.created_timestamp.toISOString(),
      raw: { route: SOURCE, eventType: 'direct_message_events' },
    });
  }
  for (const deletion of delivery.tweet_delete_events ?? []) {
    webhook.deleted(SOURCE, mentionId(SOURCE, deletion.status.id), deletion.timestamp_ms);
  }
  return webhook;
};

/** The CRC answer: `sha256=` + base64 HMAC-SHA256 of the token with the consumer secret. */
export const crcResponseToken = (consumerSecret: string, crcToken: string): string =>
  `sha256=${hmacSha256(consumerSecret, crcToken).toString('base64')}`;

export const xPlatform: Platform = {
  route: SOURCE,
  answerChallenge: async (request, secrets) => {
    const crcToken = request.query.crc_token;
    if (!crcToken)
      throw badRequest('missing_crc_token', 'the crc_token query parameter is missing');
    const secret = await requireSecret(secrets, 'X_CONSUMER_SECRET', SOURCE);
    return {
      contentType: 'application/json',
      body: JSON.stringify({ response_token: crcResponseToken(secret, crcToken) }),
    };
  },
  verify: async (request, secrets) =>
    verifyBodyHmacHeader(request, {
      header: X_SIGNATURE_HEADER,
      secret: await requireSecret(secrets, 'X_CONSUMER_SECRET', SOURCE),
      encoding: 'base64',
    }),
  normalize: normalizeXWebhook,
};
