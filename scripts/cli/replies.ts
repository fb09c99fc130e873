/** `responder reply|take-offline`: replies from a case through the API, at the case's current version. */
import type { Case } from '../../shared/contracts/case';
import type { Reply } from '../../shared/contracts/reply';
import { type ApiTarget, callApi } from './api-client';

const describeReply = (reply: Reply): string =>
  `${reply.replyId} ${reply.visibility} on ${reply.source}: ${reply.state}`;

/** Asks for one reply (`reply`) or the public-then-private pair (`take-offline`). */
export const replyFromCase = async (
  target: ApiTarget,
  verb: 'reply' | 'take-offline',
  caseId: string,
  body: Record<string, string>,
): Promise<string> => {
  const path = `/cases/${encodeURIComponent(caseId)}`;
  const { case: current } = (await callApi(target, 'GET', path)) as { case: Case };
  const answer = await callApi(target, 'POST', `${path}/${verb}`, {
    version: current.version,
    ...body,
  });
  return (answer.replies as Reply[]).map(describeReply).join('\n');
};
