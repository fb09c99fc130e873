/** A customer's post as an integration sends it to `/webhooks/generic` (`mention.created`). */
import { randomUUID } from 'node:crypto';

export interface MentionInput {
  readonly text: string;
  readonly author: { id: string; name: string; handle?: string; followers?: number };
  readonly conversationId?: string;
  readonly url?: string;
}

/** The body of a `mention.created` webhook with a fresh id, posted now; its id beside it. */
export const mentionCreated = (input: MentionInput): { id: string; body: string } => {
  const id = `console-${randomUUID()}`;
  const now = new Date().toISOString();
  return {
    id,
    body: JSON.stringify({
      type: 'mention.created',
      timestamp: now,
      data: {
        id,
        source: 'generic',
        text: input.text,
        author: input.author,
        createdAt: now,
        ...(input.conversationId ? { conversationId: input.conversationId } : {}),
        url: input.url ?? `https://community.example.com/posts/${id}`,
      },
    }),
  };
};
