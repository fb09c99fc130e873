import {
  GetCommand,
  type NativeAttributeValue,
  paginateQuery,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  AuthorProfile,
  CaseMention,
  MentionSeen,
  ThreadRecord,
} from '../../contracts/case-records';
import { mentionId as mentionIdOf } from '../../contracts/mention';
import {
  TriageConflictError,
  type TriageRecords,
  type TriageWrite,
  type Versioned,
} from '../../use-cases/ports/triage-records';
import {
  authorItemKeyOf,
  authorProfileFromItem,
  caseMentionToItem,
  foldedFollowUpOf,
  linkedAuthorsFromItem,
  mentionSeenFromItem,
  mentionSeenToItem,
  threadFromItem,
  threadToItem,
} from './case-items';
import { CaseStore } from './case-store';
import { caseChangeWrites, entriesOf, newCaseWrites, unchangedSince } from './case-writes';
import { keys, REVISION_PREFIX } from './table-keys';
import { timelineItem } from './timeline';
import { failedCondition, type TransactWriteItem as TransactItem } from './transact-write-item';

/** A triage transaction failed for a reason other than a conflict. */
export class TriageWriteError extends Error {
  override name = 'TriageWriteError';
}

type Item = Record<string, NativeAttributeValue>;

const versionCondition = (expectedVersion: number | undefined) =>
  expectedVersion === undefined
    ? { ConditionExpression: 'attribute_not_exists(#version)' }
    : {
        ConditionExpression: '#version = :expectedVersion',
        ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
      };

/** Sets the triage-owned author attributes one by one, so attributes others own survive. */
const authorUpdate = (tableName: string, { next, expectedVersion }: Versioned<AuthorProfile>) => {
  const entries = Object.entries(next).filter(([, value]) => value !== undefined);
  const condition = versionCondition(expectedVersion);
  return {
    TableName: tableName,
    Key: keys.author(next.source, next.authorId),
    UpdateExpression: `SET itemType = :itemType, ${entries.map((_, i) => `#a${i} = :a${i}`).join(', ')}`,
    ConditionExpression: condition.ConditionExpression,
    ExpressionAttributeNames: {
      '#version': 'version',
      ...Object.fromEntries(entries.map(([name], i) => [`#a${i}`, name])),
    },
    ExpressionAttributeValues: {
      ':itemType': 'author',
      ...Object.fromEntries(entries.map(([, value], i) => [`:a${i}`, value])),
      ...(condition.ExpressionAttributeValues ?? {}),
    },
  };
};

const conditionalPut = (
  tableName: string,
  item: Item,
  expectedVersion: number | undefined,
): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: item,
    ExpressionAttributeNames: { '#version': 'version' },
    ...versionCondition(expectedVersion),
  },
});

interface CancellationReason {
  Code?: string;
}

const cancellationReasons = (error: unknown): CancellationReason[] | undefined =>
  error instanceof Error && error.name === 'TransactionCanceledException'
    ? ((error as Error & { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [])
    : undefined;

/** The triage profile on an author item; undefined when only the cases API has written to it. */
const triageProfileOf = (item: Item | undefined): AuthorProfile | undefined =>
  item && item.version !== undefined ? authorProfileFromItem(item) : undefined;

/** The seen item keeps the sort key of the mention item written with it, so a deletion finds it. */
const seenWithMentionKey = (write: TriageWrite): MentionSeen =>
  write.seen.caseId && write.mention
    ? {
        ...write.seen,
        mentionSk: keys.mention(write.mention.caseId, write.mention.createdAt, write.mention.id).SK,
      }
    : write.seen;

/**
 * What a revision adds to its transaction: the post must not be deleted (a removal marks the post
 * first, then every revision it points to, so a revision written later would keep its text), and
 * the post points to the revision, so its removal finds it.
 */
const revisionItems = (tableName: string, mention: CaseMention | undefined): TransactItem[] => {
  if (!mention?.revisionOf) return [];
  const postId = mentionIdOf(mention.source, mention.revisionOf);
  return [
    {
      ConditionCheck: {
        TableName: tableName,
        Key: keys.mentionSeen(postId),
        ConditionExpression: 'attribute_not_exists(deleted) OR deleted <> :true',
        ExpressionAttributeValues: { ':true': true },
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.mentionRevision(postId, mention.id),
          itemType: 'mention-revision',
          mentionId: mention.id,
          expiresAt: mention.expiresAt,
        },
      },
    },
  ];
};

/** The triage function's reads and its one transaction per mention. */
export class TriageStore extends CaseStore implements TriageRecords {
  private async getItem(key: Item): Promise<Item | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  async getSeen(mentionId: string): Promise<MentionSeen | undefined> {
    const item = await this.getItem(keys.mentionSeen(mentionId));
    return item ? mentionSeenFromItem(item) : undefined;
  }

  /**
   * The triage-owned profile of an author; undefined when triage has not yet written one (the
   * item may still exist with attributes the cases API owns).
   */
  async getAuthorProfile(source: string, authorId: string): Promise<AuthorProfile | undefined> {
    return triageProfileOf(await this.getItem(keys.author(source, authorId)));
  }

  /**
   * An author's triage profile and the profiles of the identities the cases API linked to it (the
   * same person on other platforms); linked identities without a profile are left out.
   */
  async getAuthorWithLinks(
    source: string,
    authorId: string,
  ): Promise<{ profile: AuthorProfile | undefined; linked: AuthorProfile[] }> {
    const item = await this.getItem(keys.author(source, authorId));
    const linkedItems = await Promise.all(
      linkedAuthorsFromItem(item).map((authorKey) => this.getItem(authorItemKeyOf(authorKey))),
    );
    return {
      profile: triageProfileOf(item),
      linked: linkedItems.map(triageProfileOf).filter((found) => found !== undefined),
    };
  }

  async updateAuthor(author: Versioned<AuthorProfile>): Promise<'updated' | 'conflict'> {
    try {
      await this.client.send(new UpdateCommand(authorUpdate(this.tableName, author)));
      return 'updated';
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
        return 'conflict';
      }
      throw error;
    }
  }

  async getThread(source: string, conversationId: string): Promise<ThreadRecord | undefined> {
    const item = await this.getItem(keys.thread(source, conversationId));
    return item ? threadFromItem(item) : undefined;
  }

  /**
   * Writes a mention's effects atomically. Returns `duplicate` when the mention was already
   * handled (nothing written); throws TriageConflictError when an item read before changed.
   */
  async commit(write: TriageWrite): Promise<'committed' | 'duplicate'> {
    const table = this.tableName;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: table,
          Item: mentionSeenToItem(seenWithMentionKey(write)),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ];
    const folded =
      write.mention && write.case && foldedFollowUpOf(write.mention, write.case.timeline);
    if (write.mention) {
      items.push({ Put: { TableName: table, Item: caseMentionToItem(write.mention, folded?.at) } });
    }
    items.push(...revisionItems(table, write.mention));
    if (write.case) {
      const { previous, next, timeline } = write.case;
      items.push(
        ...entriesOf(
          previous
            ? caseChangeWrites(table, { before: previous, after: next }, unchangedSince(previous))
            : newCaseWrites(table, next),
        ),
      );
      for (const entry of timeline) {
        if (entry === folded) continue;
        items.push({ Put: { TableName: table, Item: timelineItem(next.caseId, entry) } });
      }
    }
    if (write.author) items.push({ Update: authorUpdate(table, write.author) });
    if (write.thread) {
      items.push(
        conditionalPut(table, threadToItem(write.thread.next), write.thread.expectedVersion),
      );
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'committed';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) {
        throw new TriageWriteError(`triage transaction for ${write.seen.mentionId} failed`, {
          cause: error,
        });
      }
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'duplicate';
      const codes = reasons.map((reason) => reason.Code ?? 'None');
      if (
        codes.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')
      ) {
        throw new TriageConflictError(
          `triage transaction for ${write.seen.mentionId} conflicted: ${codes.join(', ')}`,
          { cause: error },
        );
      }
      throw new TriageWriteError(
        `triage transaction for ${write.seen.mentionId} was cancelled: ${codes.join(', ')}`,
        { cause: error },
      );
    }
  }

  async listRevisions(mentionId: string): Promise<string[]> {
    const ids: string[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :revision)',
        ExpressionAttributeValues: {
          ':pk': keys.mentionSeen(mentionId).PK,
          ':revision': REVISION_PREFIX,
        },
        ProjectionExpression: 'mentionId',
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        if (typeof item.mentionId === 'string') ids.push(item.mentionId);
      }
    }
    return ids;
  }

  /** Drops the outbox of a seen mention once its events are on the bus. */
  async clearPendingEvents(mentionId: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.mentionSeen(mentionId),
        UpdateExpression: 'REMOVE pendingEvents',
      }),
    );
  }

  /**
   * Records that the author deleted a mention: the mention item keeps its place in the timeline
   * but loses its text, and when it was the case's latest mention the case excerpt (its text) is
   * blanked too. Returns false when the mention item is already gone (its TTL expired).
   */
  async markMentionDeleted(seen: MentionSeen, deletedAt: string, now: Date): Promise<boolean> {
    const updates: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.mentionSeen(seen.mentionId),
          UpdateExpression: 'SET deleted = :true',
          ExpressionAttributeValues: { ':true': true },
        },
      },
    ];
    if (seen.caseId && seen.mentionSk) {
      updates.push({
        Update: {
          TableName: this.tableName,
          Key: { PK: keys.case(seen.caseId).PK, SK: seen.mentionSk },
          UpdateExpression: 'SET deleted = :true, deletedAt = :deletedAt REMOVE #text',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#text': 'text' },
          ExpressionAttributeValues: { ':true': true, ':deletedAt': deletedAt },
        },
      });
    }
    let kept = true;
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: updates }));
    } catch (error) {
      if (cancellationReasons(error)?.[1]?.Code !== 'ConditionalCheckFailed') {
        throw new TriageWriteError(`marking ${seen.mentionId} deleted failed`, { cause: error });
      }
      await this.client.send(new TransactWriteCommand({ TransactItems: updates.slice(0, 1) }));
      kept = false;
    }
    if (seen.caseId && seen.mentionSk) {
      await this.blankExcerptOfLatest(seen.caseId, createdAtOfMentionSk(seen.mentionSk), now);
    }
    return kept;
  }

  /**
   * Blanks the case excerpt when the deleted mention is the case's latest (the excerpt is the
   * latest mention's text). Conditional, so an older mention's deletion and a redelivery change
   * nothing; the version moves so a writer holding the old excerpt must re-read.
   */
  private async blankExcerptOfLatest(caseId: string, createdAt: string, now: Date): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.case(caseId),
          UpdateExpression: 'SET excerpt = :blank, updatedAt = :now, #version = #version + :one',
          ConditionExpression: 'lastMentionAt = :createdAt AND excerpt <> :blank',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: {
            ':blank': '',
            ':now': now.toISOString(),
            ':one': 1,
            ':createdAt': createdAt,
          },
        }),
      );
    } catch (error) {
      if (failedCondition(error)) return;
      throw new TriageWriteError(`blanking the excerpt of case ${caseId} failed`, {
        cause: error,
      });
    }
  }
}

/** The createdAt part of a mention item's sort key, `MENTION#<createdAt>#<mentionId>`. */
const createdAtOfMentionSk = (mentionSk: string): string => {
  const start = 'MENTION#'.length;
  return mentionSk.slice(start, mentionSk.indexOf('#', start));
};
