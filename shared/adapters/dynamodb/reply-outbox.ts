/**
 * The outbox of a case: one small item per reply under the case's partition
 * (`CASE#<caseId>` / `REPLY#<replyId>`), each write conditional on the reply's state, so the
 * sender's one attempt and its record cannot be repeated or lost.
 */
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TimelineEntry } from '../../contracts/case';
import type { Reply, ReplyProblem } from '../../contracts/reply';
import type { CaseChange } from '../../domain/cases/case-actions';
import { inRequestOrder } from '../../domain/replies/reply-order';
import { CaseVersionConflictError } from '../../use-cases/ports/case-errors';
import type { ReplyOutbox } from '../../use-cases/ports/replies';
import { ReplyCaseChangedError } from '../../use-cases/reply-sender';
import { CaseStore } from './case-store';
import { caseChangeWrites, entriesOf, unchangedSince } from './case-writes';
import { replyFromItem, replyToItem } from './reply-items';
import { keys } from './table-keys';
import { timelineItem } from './timeline';
import { cancellationCodes, failedCondition, type TransactWriteItem } from './transact-write-item';

/**
 * An update of a reply, on the condition that it is still as this writer last saw it: the same
 * state, and the same attempt (or none).
 */
const replyUpdate = (
  tableName: string,
  seen: Reply,
  update: { expression: string; names?: Record<string, string>; values: Record<string, unknown> },
) => {
  const attempted = seen.attemptedAt !== undefined;
  return {
    TableName: tableName,
    Key: keys.reply(seen.caseId, seen.replyId),
    UpdateExpression: update.expression,
    ConditionExpression: attempted
      ? '#state = :seen AND attemptedAt = :attemptedAt'
      : '#state = :seen AND attribute_not_exists(attemptedAt)',
    ExpressionAttributeNames: { '#state': 'state', ...update.names },
    ExpressionAttributeValues: {
      ':seen': seen.state,
      ...(attempted ? { ':attemptedAt': seen.attemptedAt } : {}),
      ...update.values,
    },
  };
};

export class DynamoDbReplyOutbox extends CaseStore implements ReplyOutbox {
  async get(caseId: string, replyId: string): Promise<Reply | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.reply(caseId, replyId),
        ConsistentRead: true,
      }),
    );
    return Item ? replyFromItem(Item) : undefined;
  }

  async replies(caseId: string): Promise<Reply[]> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.case(caseId).PK, ':prefix': 'REPLY#' },
        ConsistentRead: true,
      }),
    );
    return inRequestOrder((Items ?? []).map(replyFromItem));
  }

  async caseWithMentions(caseId: string) {
    const record = await this.getCaseRecord(caseId);
    return record ? { case: record.case, mentions: record.mentions } : undefined;
  }

  async add(
    caseId: string,
    expectedVersion: number,
    replies: readonly Reply[],
    entries: readonly TimelineEntry[],
  ): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: keys.case(caseId),
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              },
            },
            ...replies.map((reply) => ({
              Put: {
                TableName: this.tableName,
                Item: replyToItem(reply),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            })),
            ...entries.map((entry) => ({
              Put: { TableName: this.tableName, Item: timelineItem(caseId, entry) },
            })),
          ],
        }),
      );
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') {
        const current = await this.getCase(caseId);
        if (current) throw new CaseVersionConflictError(current.caseId, current);
      }
      throw error;
    }
  }

  async claim(reply: Reply, attemptedAt: string): Promise<boolean> {
    const { attemptedAt: _none, ...unattempted } = reply;
    try {
      await this.client.send(
        new UpdateCommand(
          replyUpdate(
            this.tableName,
            { ...unattempted, state: 'queued' },
            {
              expression: 'SET attemptedAt = :now, attempts = attempts + :one REMOVE problem',
              values: { ':now': attemptedAt, ':one': 1 },
            },
          ),
        ),
      );
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }

  async recordSent(
    reply: Reply,
    record: { change?: CaseChange; entry: TimelineEntry },
    seen: Reply = { ...reply, state: 'queued' },
  ): Promise<void> {
    const { change } = record;
    const caseWrites: TransactWriteItem[] = change
      ? entriesOf(caseChangeWrites(this.tableName, change, unchangedSince(change.before)))
      : [];
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: replyUpdate(this.tableName, seen, {
                expression: `SET #state = :sent, sentAt = :sentAt${reply.platformReplyId ? ', platformReplyId = :platformReplyId' : ''}${reply.url ? ', #url = :url' : ''} REMOVE problem`,
                names: reply.url ? { '#url': 'url' } : {},
                values: {
                  ':sent': 'sent',
                  ':sentAt': reply.sentAt ?? record.entry.at,
                  ...(reply.platformReplyId ? { ':platformReplyId': reply.platformReplyId } : {}),
                  ...(reply.url ? { ':url': reply.url } : {}),
                },
              }),
            },
            { Put: { TableName: this.tableName, Item: timelineItem(reply.caseId, record.entry) } },
            ...caseWrites,
          ],
        }),
      );
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      const [replyCode, , caseCode] = codes;
      // Recorded already (a second sender, or the echo first): nothing more to write.
      if (replyCode === 'ConditionalCheckFailed') return;
      if (caseCode === 'ConditionalCheckFailed') {
        throw new ReplyCaseChangedError(
          `case ${reply.caseId} changed while recording reply ${reply.replyId}`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  async recordDeferred(reply: Reply, problem: ReplyProblem & { retryAt: string }): Promise<void> {
    await this.client.send(
      new UpdateCommand(
        replyUpdate(this.tableName, reply, {
          expression: 'SET problem = :problem, deferrals = deferrals + :one REMOVE attemptedAt',
          values: { ':problem': problem, ':one': 1 },
        }),
      ),
    );
  }

  async recordWaiting(reply: Reply, problem: ReplyProblem): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand(
          replyUpdate(this.tableName, reply, {
            expression: 'SET problem = :problem',
            values: { ':problem': problem },
          }),
        ),
      );
    } catch (error) {
      // Another writer moved the reply on first; its state stands.
      if (!failedCondition(error)) throw error;
    }
  }

  async recordUnsent(
    reply: Reply,
    state: 'failed' | 'unknown',
    problem: ReplyProblem,
    entry: TimelineEntry,
  ): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: replyUpdate(this.tableName, reply, {
                expression: 'SET #state = :state, problem = :problem',
                values: { ':state': state, ':problem': problem },
              }),
            },
            { Put: { TableName: this.tableName, Item: timelineItem(reply.caseId, entry) } },
          ],
        }),
      );
    } catch (error) {
      // Another writer moved the reply on first; its record stands.
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') return;
      throw error;
    }
  }
}
