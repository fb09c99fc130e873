import * as z from 'zod';
import { KEY_PART_MAX_BYTES, KeyPart, keyPart } from './key-part';

/** What a mention is, as the product sees it; platform shapes are normalized into this. */
export const MentionKind = z.enum([
  'mention',
  'reply',
  'comment',
  'direct_message',
  'review',
  'brand_reply',
]);
export type MentionKind = z.infer<typeof MentionKind>;

export const MentionAuthor = z.object({
  /** Stable platform id of the author (X user id, Facebook PSID or user id, reviewer id). */
  id: KeyPart,
  name: z.string().optional(),
  handle: z.string().optional(),
  followers: z.number().int().nonnegative().optional(),
  verified: z.boolean().optional(),
  profileUrl: z.string().url().optional(),
});
export type MentionAuthor = z.infer<typeof MentionAuthor>;

export const MentionMetrics = z.object({
  reposts: z.number().int().nonnegative().optional(),
  likes: z.number().int().nonnegative().optional(),
  replies: z.number().int().nonnegative().optional(),
});
export type MentionMetrics = z.infer<typeof MentionMetrics>;

/** Where a mention came from on the wire, for audit and replay. */
export const RawReference = z.object({
  /** The ingest route that received it: `x`, `meta`, `generic`, `trustpilot`. */
  route: z.string().min(1),
  /** The platform's event type, e.g. `tweet_create_events`, `feed`, `mention.created`. */
  eventType: z.string().min(1),
  /** The delivery id when the platform sends one (Standard Webhooks `webhook-id`). */
  deliveryId: z.string().optional(),
});

/** The canonical mention: one post, comment, message or review addressed to a brand. */
export const Mention = z.object({
  /** Idempotency key: `<source>:<nativeId>`. */
  id: keyPart(KEY_PART_MAX_BYTES + 64),
  /** Platform slug: `x`, `facebook`, `instagram`, `messenger`, `trustpilot`, or an integration's own. */
  source: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/),
  nativeId: KeyPart,
  kind: MentionKind,
  /** Brand id from configuration (`default` when no brands are configured). */
  brand: KeyPart,
  /** The brand's platform account it was addressed to (X user id, page id, business unit id). */
  account: z.string().optional(),
  author: MentionAuthor,
  text: z.string(),
  /** BCP 47 language tag when the platform says; triage detects it otherwise. */
  language: z.string().optional(),
  url: z.string().url().optional(),
  /** The platform's thread: X conversation id, Facebook post id, Messenger thread (PSID). */
  conversationId: KeyPart.optional(),
  /** The native id of the post this one answers. */
  inReplyToId: KeyPart.optional(),
  /**
   * Set on an edit (an edited comment, an updated review): the native id of the post it revises.
   * Each revision is a mention of its own; removing the post removes every revision's text.
   */
  revisionOf: KeyPart.optional(),
  /** When the author posted it (platform time, ISO 8601). */
  createdAt: z.string().datetime({ offset: true }),
  /** Review stars, 1–5. */
  rating: z.number().min(0).max(5).optional(),
  metrics: MentionMetrics.optional(),
  raw: RawReference,
});
export type Mention = z.infer<typeof Mention>;

/** Builds the idempotency key of a mention. */
export const mentionId = (source: string, nativeId: string): string => `${source}:${nativeId}`;
