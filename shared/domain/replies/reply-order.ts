/**
 * The order replies are shown in: as requested, and among replies requested together (the two of
 * "take it private" share their time) a reply before the one that follows it, the rest by id.
 */
import type { Reply } from '../../contracts/reply';

const compare = (a: Reply, b: Reply): number => {
  const byTime = Date.parse(a.requestedAt) - Date.parse(b.requestedAt);
  if (byTime !== 0) return byTime;
  if (b.followsReplyId === a.replyId) return -1;
  if (a.followsReplyId === b.replyId) return 1;
  return a.replyId < b.replyId ? -1 : a.replyId > b.replyId ? 1 : 0;
};

export const inRequestOrder = (replies: readonly Reply[]): Reply[] => [...replies].sort(compare);
