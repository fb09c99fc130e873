import * as z from 'zod';
import { Mention } from './mention';

/** A mention to triage. */
export const MentionReceived = z.object({
  type: z.literal('mention.received'),
  /** When the product accepted it (business clock, ISO 8601). */
  receivedAt: z.string().datetime({ offset: true }),
  mention: Mention,
});

/** The platform says a mention was deleted: keep the case, drop the text. */
export const MentionDeleted = z.object({
  type: z.literal('mention.deleted'),
  receivedAt: z.string().datetime({ offset: true }),
  mentionId: z.string().min(1),
  source: z.string().min(1),
  deletedAt: z.string().datetime({ offset: true }),
});

/** The body of every message on the mentions queue. */
export const QueueMessage = z.discriminatedUnion('type', [MentionReceived, MentionDeleted]);
export type QueueMessage = z.infer<typeof QueueMessage>;
export type MentionReceived = z.infer<typeof MentionReceived>;
export type MentionDeleted = z.infer<typeof MentionDeleted>;

/** The SQS message deduplication and grouping key of a queue message. */
export const queueMessageKey = (message: QueueMessage): string =>
  message.type === 'mention.received' ? message.mention.id : `${message.mentionId}#deleted`;
