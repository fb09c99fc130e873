/**
 * Meta webhooks: Facebook page feed and page mentions, Messenger, and Instagram comments, mentions
 * and messages. Verified with X-Hub-Signature-256; subscribed with the hub challenge.
 */
import * as z from 'zod';
import { badRequest, forbidden } from '../../contracts/http-error';
import { type Mention, mentionId } from '../../contracts/mention';
import type { AccountNetwork } from '../../domain/config/brands';
import { EpochTime, revisionId } from './mention-fields';
import { type NormalizeContext, type Platform, WebhookCollector } from './platform';
import { requireSecret, secretsEqual, verifyBodyHmacHeader } from './signatures';

const ROUTE = 'meta';
export const META_SIGNATURE_HEADER = 'x-hub-signature-256';

const Id = z.union([z.string().min(1), z.number().int().nonnegative().transform(String)]);
const Change = z.object({ field: z.string(), value: z.unknown() });

/**
 * One `messaging` event. Receipts such as `message_deliveries` carry no `timestamp`, and a postback
 * from the checkbox plugin names its sender by `user_ref` instead of an id.
 */
const MessagingEvent = z.looseObject({
  sender: z.object({ id: Id.optional(), user_ref: z.string().optional() }),
  recipient: z.object({ id: Id }),
  timestamp: EpochTime.optional(),
  message: z
    .object({
      mid: z.string().min(1),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      attachments: z.array(z.object({ type: z.string() })).optional(),
    })
    .optional(),
});
type MessagingEvent = z.infer<typeof MessagingEvent>;

/** One entry: its changes and messaging events are parsed one by one, so none costs another. */
const Entry = z.object({
  id: Id,
  time: EpochTime,
  changes: z.array(z.unknown()).optional(),
  messaging: z.array(z.unknown()).optional(),
});
type Entry = z.infer<typeof Entry>;

const MetaWebhook = z.object({ object: z.string(), entry: z.array(z.unknown()).max(1000) });

const From = z.object({ id: Id, name: z.string().optional(), username: z.string().optional() });

/** `feed` change of a page: posts and comments, added, edited or removed. */
const FeedChange = z.object({
  item: z.string(),
  verb: z.string(),
  from: From.optional(),
  post_id: z.string().min(1).optional(),
  comment_id: z.string().min(1).optional(),
  parent_id: z.string().min(1).optional(),
  message: z.string().optional(),
  created_time: EpochTime.optional(),
  permalink_url: z.string().url().optional(),
});

/** `mention` change of a page: the page was tagged in a post or comment. */
const PageMentionChange = z.object({
  post_id: z.string().min(1),
  comment_id: z.string().min(1).optional(),
  sender_id: Id.optional(),
  sender_name: z.string().optional(),
  item: z.string().optional(),
  verb: z.string().default('add'),
  message: z.string().optional(),
  created_time: EpochTime.optional(),
});

/** `comments` change of an Instagram account: a comment on its media. */
const InstagramComment = z.object({
  id: z.string().min(1),
  from: From,
  text: z.string().default(''),
  media: z.object({ id: z.string().min(1), media_product_type: z.string().optional() }),
  parent_id: z.string().min(1).optional(),
});

/** `mentions` change of an Instagram account: only ids; the author is not part of the delivery. */
const InstagramMention = z.object({
  media_id: z.string().min(1),
  comment_id: z.string().min(1).optional(),
});

const FEED_POSTS = new Set(['post', 'status', 'photo', 'video', 'share']);

interface EntryScope {
  readonly webhook: WebhookCollector;
  readonly entry: Entry;
  readonly brand: string;
  readonly network: AccountNetwork;
}

const base = (scope: EntryScope, source: string, nativeId: string, eventType: string) => ({
  id: mentionId(source, nativeId),
  source,
  nativeId,
  brand: scope.brand,
  account: scope.entry.id,
  raw: { route: ROUTE, eventType },
});

const feedChange = (scope: EntryScope, value: unknown): void => {
  const change = FeedChange.parse(value);
  const eventType = `feed.${change.item}.${change.verb}`;
  const isComment = change.item === 'comment';
  const nativeId = isComment ? change.comment_id : change.post_id;
  if ((!isComment && !FEED_POSTS.has(change.item)) || nativeId === undefined) {
    scope.webhook.ignore(eventType);
    return;
  }
  if (change.verb === 'remove') {
    scope.webhook.deleted(
      'facebook',
      mentionId('facebook', nativeId),
      change.created_time ?? scope.entry.time,
    );
    return;
  }
  // Meta documents `edited`; visitor posts have been seen arriving with `edit`.
  const edited = change.verb === 'edited' || change.verb === 'edit';
  if ((change.verb !== 'add' && !edited) || change.from === undefined) {
    scope.webhook.ignore(eventType);
    return;
  }
  const byPage = change.from.id === scope.entry.id;
  if (byPage && !isComment) {
    scope.webhook.ignore('feed.own_post');
    return;
  }
  const text = change.message ?? '';
  const id = edited ? revisionId(nativeId, text) : nativeId;
  scope.webhook.received({
    ...base(scope, 'facebook', id, eventType),
    ...(edited ? { revisionOf: nativeId } : {}),
    kind: byPage ? 'brand_reply' : isComment ? 'comment' : 'mention',
    author: { id: change.from.id, name: change.from.name },
    text,
    url: change.permalink_url,
    conversationId: change.post_id,
    inReplyToId: isComment ? (change.parent_id ?? change.post_id) : undefined,
    createdAt: (change.created_time ?? scope.entry.time).toISOString(),
  });
};

const pageMention = (scope: EntryScope, value: unknown): void => {
  const change = PageMentionChange.parse(value);
  const nativeId = change.comment_id ?? change.post_id;
  if (change.verb === 'remove') {
    scope.webhook.deleted('facebook', mentionId('facebook', nativeId), scope.entry.time);
    return;
  }
  if (change.verb !== 'add' || change.sender_id === undefined) {
    scope.webhook.ignore(`mention.${change.verb}`);
    return;
  }
  scope.webhook.received({
    ...base(scope, 'facebook', nativeId, 'mention'),
    kind: 'mention',
    author: { id: change.sender_id, name: change.sender_name },
    text: change.message ?? '',
    conversationId: change.post_id,
    createdAt: (change.created_time ?? scope.entry.time).toISOString(),
  });
};

const instagramComment = (scope: EntryScope, value: unknown): void => {
  const comment = InstagramComment.parse(value);
  const byAccount = comment.from.id === scope.entry.id;
  scope.webhook.received({
    ...base(scope, 'instagram', comment.id, 'comments'),
    kind: byAccount ? 'brand_reply' : 'comment',
    author: {
      id: comment.from.id,
      handle: comment.from.username,
      profileUrl: comment.from.username
        ? `https://www.instagram.com/${encodeURIComponent(comment.from.username)}`
        : undefined,
    },
    text: comment.text,
    conversationId: comment.media.id,
    inReplyToId: comment.parent_id ?? comment.media.id,
    createdAt: scope.entry.time.toISOString(),
  });
};

const instagramMention = (scope: EntryScope, value: unknown): void => {
  const mention = InstagramMention.parse(value);
  scope.webhook.received({
    ...base(scope, 'instagram', mention.comment_id ?? mention.media_id, 'mentions'),
    kind: 'mention',
    // Instagram names neither the author nor the text; the media stands in for the author so
    // that each tagging post gets its own case.
    author: { id: `media-${mention.media_id}` },
    text: '',
    conversationId: mention.media_id,
    createdAt: scope.entry.time.toISOString(),
  });
};

const CHANGE_HANDLERS: Record<
  string,
  Record<string, (scope: EntryScope, value: unknown) => void>
> = {
  page: { feed: feedChange, mention: pageMention },
  instagram: {
    comments: instagramComment,
    live_comments: instagramComment,
    mentions: instagramMention,
  },
};

const attachmentSummary = (event: MessagingEvent): string =>
  (event.message?.attachments ?? []).map((attachment) => `[${attachment.type}]`).join(' ');

/** Messenger and Instagram messages; an echo is the page's own message: a brand reply. */
/** A message names its sender by id; only postbacks and opt-ins come from a `user_ref`. */
const MessageSender = z.object({ id: Id });

const messagingEvent = (scope: EntryScope, source: string, value: unknown): void => {
  const event = MessagingEvent.parse(value);
  const message = event.message;
  if (message === undefined) {
    const kind = Object.keys(event).find(
      (key) => !['sender', 'recipient', 'timestamp'].includes(key),
    );
    scope.webhook.ignore(`messaging.${kind ?? 'unknown'}`);
    return;
  }
  const sentAt = event.timestamp ?? scope.entry.time;
  if (message.is_deleted) {
    scope.webhook.deleted(source, mentionId(source, message.mid), sentAt);
    return;
  }
  const sender = MessageSender.parse(event.sender);
  const byPage = message.is_echo === true || sender.id === scope.entry.id;
  const customer = byPage ? event.recipient.id : sender.id;
  const mention: Mention = {
    ...base(scope, source, message.mid, 'messaging'),
    kind: byPage ? 'brand_reply' : 'direct_message',
    author: { id: sender.id },
    text: message.text ?? attachmentSummary(event),
    conversationId: customer,
    createdAt: sentAt.toISOString(),
  };
  scope.webhook.received(mention);
};

const OBJECTS: Record<string, { network: AccountNetwork; messagingSource: string }> = {
  page: { network: 'facebook', messagingSource: 'messenger' },
  instagram: { network: 'instagram', messagingSource: 'instagram' },
};

const normalizeMetaWebhook = (payload: unknown, context: NormalizeContext) => {
  const webhook = new WebhookCollector(context.receivedAt);
  const delivery = MetaWebhook.parse(payload);
  const object = OBJECTS[delivery.object];
  if (object === undefined) {
    webhook.ignore(`object.${delivery.object}`, delivery.entry.length);
    return webhook;
  }
  for (const value of delivery.entry) {
    webhook.entry(delivery.object, () => {
      const entry = Entry.parse(value);
      const brand = context.brands.brandOfAccount(object.network, entry.id);
      if (brand === undefined) {
        webhook.refuse(object.network, entry.id);
        return;
      }
      const scope: EntryScope = { webhook, entry, brand, network: object.network };
      for (const changeValue of entry.changes ?? []) {
        webhook.entry(`${delivery.object}.changes`, () => {
          const change = Change.parse(changeValue);
          const handle = CHANGE_HANDLERS[delivery.object]?.[change.field];
          if (handle) webhook.entry(change.field, () => handle(scope, change.value));
          else webhook.ignore(`${delivery.object}.${change.field}`);
        });
      }
      for (const event of entry.messaging ?? []) {
        webhook.entry('messaging', () => messagingEvent(scope, object.messagingSource, event));
      }
    });
  }
  return webhook;
};

export const metaPlatform: Platform = {
  route: ROUTE,
  sources: ['facebook', 'instagram', 'messenger'],
  answerChallenge: async (request, secrets) => {
    const challenge = request.query['hub.challenge'];
    if (!challenge)
      throw badRequest('missing_challenge', 'the hub.challenge query parameter is missing');
    const expected = await requireSecret(secrets, 'META_VERIFY_TOKEN', ROUTE);
    const token = request.query['hub.verify_token'] ?? '';
    if (request.query['hub.mode'] !== 'subscribe' || !secretsEqual(token, expected)) {
      throw forbidden(
        'verify_token_mismatch',
        'hub.mode must be subscribe and hub.verify_token must match',
      );
    }
    return { contentType: 'text/plain', body: challenge };
  },
  verify: async (request, secrets) =>
    verifyBodyHmacHeader(request, {
      header: META_SIGNATURE_HEADER,
      secret: await requireSecret(secrets, 'META_APP_SECRET', ROUTE),
      encoding: 'hex',
    }),
  normalize: normalizeMetaWebhook,
};
