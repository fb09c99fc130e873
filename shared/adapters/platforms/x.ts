/** X Account Activity API: CRC handshake, signed deliveries, tweets, direct messages, deletions. */
import * as z from 'zod';
import { badRequest } from '../../contracts/http-error';
import { type Mention, mentionId } from '../../contracts/mention';
import { EpochTime, PlatformDate } from './mention-fields';
import { type NormalizeContext, type Platform, WebhookCollector } from './platform';
import { hmacSha256, requireSecret, verifyBodyHmacHeader } from './signatures';

const SOURCE = 'x';
export const X_SIGNATURE_HEADER = 'x-twitter-webhooks-signature';

/** A count of the v1.1 format, where -1 (or null) means X does not know it. */
const XCount = z
  .number()
  .int()
  .nullish()
  .transform((count) => (count === null || count === undefined || count < 0 ? undefined : count));

const XUser = z.object({
  id_str: z.string().min(1),
  name: z.string().optional(),
  screen_name: z.string().optional(),
  followers_count: XCount,
  verified: z.boolean().nullish(),
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
  retweet_count: XCount,
  favorite_count: XCount,
  reply_count: XCount,
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
  followers_count: XCount,
  verified: z.boolean().nullish(),
});

const XTweetDelete = z.object({
  status: z.object({ id: z.string().min(1), user_id: z.string().optional() }),
  timestamp_ms: EpochTime,
});

/**
 * A delivery. Each event of its arrays is parsed on its own, so one unreadable event costs no
 * other. `for_user_id` is absent from `user_event` (app authorization revoked).
 */
const XWebhook = z.looseObject({
  for_user_id: z.string().min(1).optional(),
  tweet_create_events: z.array(z.unknown()).optional(),
  direct_message_events: z.array(z.unknown()).optional(),
  users: z.record(z.string(), z.unknown()).optional(),
  tweet_delete_events: z.array(z.unknown()).optional(),
});
type XWebhook = z.infer<typeof XWebhook>;

const HANDLED_EVENTS = new Set([
  'tweet_create_events',
  'direct_message_events',
  'tweet_delete_events',
]);

/** The top-level keys that carry events: `*_events` arrays and the singular `user_event`. */
const isEventKey = (key: string): boolean => /_events?$/.test(key);

const X_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/**
 * Tweet text as written: X sends `&`, `<` and `>` HTML-escaped; they are decoded once, here, so
 * that triage reads the author's words and every channel escapes them its own way.
 */
export const unescapeXText = (text: string): string =>
  text.replace(/&(amp|lt|gt);/g, (entity, name: string) => X_ENTITIES[name] ?? entity);

const profileUrl = (handle: string | undefined) =>
  handle ? `https://x.com/${encodeURIComponent(handle)}` : undefined;

/**
 * Every tweet is threaded under the tweet it answers (or itself when it answers none), so a brand
 * reply lands in the conversation of the customer tweet it answers.
 */
const tweetToMention = (tweet: XTweet, account: string, brand: string): Mention => {
  const byBrand = tweet.user.id_str === account;
  const inReplyToId = tweet.in_reply_to_status_id_str ?? undefined;
  const handle = tweet.user.screen_name;
  return {
    id: mentionId(SOURCE, tweet.id_str),
    source: SOURCE,
    nativeId: tweet.id_str,
    kind: byBrand ? 'brand_reply' : inReplyToId ? 'reply' : 'mention',
    brand,
    account,
    author: {
      id: tweet.user.id_str,
      name: tweet.user.name,
      handle,
      followers: tweet.user.followers_count,
      verified: tweet.user.verified ?? undefined,
      profileUrl: profileUrl(handle),
    },
    text: unescapeXText(tweet.extended_tweet?.full_text ?? tweet.full_text ?? tweet.text ?? ''),
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
    if (isEventKey(key) && !HANDLED_EVENTS.has(key)) {
      webhook.ignore(key, Array.isArray(value) ? value.length : 1);
    }
  }
  const account = delivery.for_user_id;
  if (account === undefined) {
    // Only account events such as `user_event` come without the subscribed user.
    for (const key of HANDLED_EVENTS) {
      const events = delivery[key as keyof XWebhook];
      if (Array.isArray(events)) {
        const issue = {
          path: 'for_user_id',
          message: 'missing: no brand account to file it under',
        };
        webhook.skip(key, [issue], events.length);
      }
    }
    return webhook;
  }
  const brand = context.brands.brandOfAccount('x', account);
  if (brand === undefined) {
    webhook.refuse('x', account);
    return webhook;
  }
  for (const event of delivery.tweet_create_events ?? []) {
    webhook.entry('tweet_create_events', () => {
      const tweet = XTweet.parse(event);
      const byBrand = tweet.user.id_str === account;
      if (tweet.retweeted_status !== undefined) webhook.ignore('tweet_create_events.retweet');
      else if (byBrand && !tweet.in_reply_to_status_id_str)
        webhook.ignore('tweet_create_events.own_post');
      else webhook.received(tweetToMention(tweet, account, brand));
    });
  }
  for (const value of delivery.direct_message_events ?? []) {
    webhook.entry('direct_message_events', () => {
      const event = XDirectMessage.parse(value);
      const message = event.message_create;
      if (event.type !== 'message_create' || message === undefined) {
        webhook.ignore(`direct_message_events.${event.type}`);
        return;
      }
      const byBrand = message.sender_id === account;
      const sender = XDmUser.safeParse(delivery.users?.[message.sender_id]).data;
      webhook.received({
        id: mentionId(SOURCE, event.id),
        source: SOURCE,
        nativeId: event.id,
        kind: byBrand ? 'brand_reply' : 'direct_message',
        brand,
        account,
        author: {
          id: message.sender_id,
          name: sender?.name,
          handle: sender?.screen_name,
          followers: sender?.followers_count,
          verified: sender?.verified ?? undefined,
          profileUrl: profileUrl(sender?.screen_name),
        },
        text: message.message_data.text,
        conversationId: dmConversationId(message.sender_id, message.target.recipient_id),
        createdAt: event.created_timestamp.toISOString(),
        raw: { route: SOURCE, eventType: 'direct_message_events' },
      });
    });
  }
  for (const value of delivery.tweet_delete_events ?? []) {
    webhook.entry('tweet_delete_events', () => {
      const deletion = XTweetDelete.parse(value);
      webhook.deleted(SOURCE, mentionId(SOURCE, deletion.status.id), deletion.timestamp_ms);
    });
  }
  return webhook;
};

/** The CRC answer: `sha256=` + base64 HMAC-SHA256 of the token with the consumer secret. */
export const crcResponseToken = (consumerSecret: string, crcToken: string): string =>
  `sha256=${hmacSha256(consumerSecret, crcToken).toString('base64')}`;

export const xPlatform: Platform = {
  route: SOURCE,
  sources: [SOURCE],
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
