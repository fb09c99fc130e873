/** The DynamoDB item of a reply in a case's outbox (`CASE#<caseId>` / `REPLY#<replyId>`). */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { Reply } from '../../contracts/reply';
import { zodIssueLines } from '../../contracts/zod-issues';
import { keys } from './table-keys';

type Item = Record<string, NativeAttributeValue>;

/** A stored reply item did not have the shape of a reply. */
export class ReplyItemError extends Error {
  override name = 'ReplyItemError';
}

export const replyFromItem = (item: Item): Reply => {
  const parsed = Reply.safeParse(item);
  if (parsed.success) return parsed.data;
  throw new ReplyItemError(
    `reply item ${String(item.PK)}/${String(item.SK)} is invalid: ${zodIssueLines(parsed.error).join('; ')}`,
    { cause: parsed.error },
  );
};

export const replyToItem = (reply: Reply): Item => ({
  ...keys.reply(reply.caseId, reply.replyId),
  itemType: 'reply',
  ...JSON.parse(JSON.stringify(reply)),
});
