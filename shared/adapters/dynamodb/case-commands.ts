/**
 * The cases API's writes: every change is one transaction, conditional on the version the change
 * was computed from, carrying its timeline entries (the table's stream counts them in the reports).
 *
 * Identity links live on author items as `linkedAuthors` (author keys `<source>#<authorId>` of
 * the same person elsewhere, the whole group on every member). Triage reads it to join a linked
 * identity's history; this file never touches an author item's triage attributes except
 * `openCases` when a merge moves a conversation to the surviving case.
 */
import {
  GetCommand,
  type NativeAttributeValue,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CaseMention } from '../../contracts/case-records';
import type { TriageLabel } from '../../contracts/triage';
import type { CaseChange, CaseMerge } from '../../domain/cases/case-actions';
import type { CaseCommands } from '../../use-cases/ports/case-commands';
import { CaseVersionConflictError } from '../../use-cases/ports/case-errors';
import {
  authorItemKeyOf,
  authorProfileFromItem,
  caseMentionFromItem,
  linkedAuthorsFromItem,
  threadFromItem,
} from './case-items';
import {
  CaseCursorError,
  type CasePage,
  CaseStore,
  decodeListCursor,
  encodeListCursor,
} from './case-store';
import { caseChangeWrites, unchangedSince } from './case-writes';
import { authorIndexKey, keys, TABLE_INDEXES } from './table-keys';
import { timelineItem } from './timeline';
import type { TransactWriteItem } from './transact-write-item';

type Item = Record<string, NativeAttributeValue>;

/** An identity link names an author nobody has heard from. */
export class AuthorNotFoundError extends Error {
  override name = 'AuthorNotFoundError';
}

/** Another write touched the same author or conversation while linking or merging; retry. */
export class CaseWriteConflictError extends Error {
  override name = 'CaseWriteConflictError';
}

const encodeScanCursor = (key: Item): string =>
  Buffer.from(JSON.stringify({ PK: key.PK, SK: key.SK })).toString('base64url');

const decodeScanCursor = (cursor: string): Item => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'PK' in parsed && 'SK' in parsed) {
      const { PK, SK } = parsed as { PK: unknown; SK: unknown };
      if (typeof PK === 'string' && typeof SK === 'string') return { PK, SK };
    }
  } catch (error) {
    throw new CaseCursorError('cursor is not one this API returned', { cause: error });
  }
  throw new CaseCursorError('cursor is not one this API returned');
};

/** Items a scan reads per request while looking for labelled mentions. */
const SCAN_PAGE = 500;

const isTransactionCanceled = (
  error: unknown,
): error is Error & { CancellationReasons?: { Code?: string }[] } =>
  error instanceof Error && error.name === 'TransactionCanceledException';

/** Case reads plus the conditional writes of the cases API. */
export class DynamoDbCaseCommands extends CaseStore implements CaseCommands {
  /**
   * The cases of these authors (`<source>#<authorId>`), newest first across all of them: keys from
   * the keys-only `by-author` index (eventually consistent), `limit` per page, then the page's
   * cases by key. The cursor is the index sort key of the page's last case.
   */
  async listByAuthors(
    authorKeys: readonly string[],
    options: { limit: number; cursor?: string },
  ): Promise<CasePage> {
    const before = options.cursor ? decodeListCursor(options.cursor) : undefined;
    const { byAuthor } = TABLE_INDEXES;
    const perAuthor = await Promise.all(
      authorKeys.map(async (authorKey) => {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: byAuthor.name,
            KeyConditionExpression: before ? '#key = :key AND #sort < :before' : '#key = :key',
            ExpressionAttributeNames: {
              '#key': byAuthor.partitionKey,
              ...(before ? { '#sort': byAuthor.sortKey } : {}),
            },
            ExpressionAttributeValues: {
              ':key': authorIndexKey(authorKey),
              ...(before ? { ':before': before } : {}),
            },
            ScanIndexForward: false,
            // One more than a page tells whether another page follows.
            Limit: options.limit + 1,
          }),
        );
        return (page.Items ?? []).map((item) => ({ item, sort: String(item[byAuthor.sortKey]) }));
      }),
    );
    const merged = perAuthor.flat().sort((a, b) => (a.sort > b.sort ? -1 : 1));
    const page = merged.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      cases: await this.casesOf(page.map((entry) => entry.item)),
      ...(merged.length > options.limit && last ? { cursor: encodeListCursor(last.sort) } : {}),
    };
  }

  /** Stores one action's change: the case (conditional on its version), timeline entry, counters. */
  async commitChange(change: CaseChange): Promise<void> {
    await this.transact([change], []);
  }

  /** Stores a triage correction: the case change, and the label on the corrected mention. */
  async commitCorrection(
    change: CaseChange,
    mention: Pick<CaseMention, 'caseId' | 'createdAt' | 'id'>,
    label: TriageLabel,
  ): Promise<void> {
    await this.transact(
      [change],
      [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.mention(mention.caseId, mention.createdAt, mention.id),
            UpdateExpression: 'SET #label = :label',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: { '#label': 'label' },
            ExpressionAttributeValues: { ':label': label },
          },
        },
      ],
    );
  }

  /**
   * Mentions that carry a person's label, a page at a time. A scan of the table: exporting labels
   * is rare and offline, and no index is worth keeping for it.
   */
  async listLabelledMentions(options: {
    limit: number;
    cursor?: string;
  }): Promise<{ mentions: CaseMention[]; cursor?: string }> {
    const mentions: CaseMention[] = [];
    let start: Item | undefined = options.cursor ? decodeScanCursor(options.cursor) : undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'itemType = :mention AND attribute_exists(#label)',
          ExpressionAttributeNames: { '#label': 'label' },
          ExpressionAttributeValues: { ':mention': 'mention' },
          Limit: SCAN_PAGE,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) mentions.push(caseMentionFromItem(item));
      start = page.LastEvaluatedKey;
    } while (start && mentions.length < options.limit);
    return { mentions, ...(start ? { cursor: encodeScanCursor(start) } : {}) };
  }

  /**
   * Stores a merge: both cases conditional on their versions, their timeline entries, and the
   * source's conversation moved to the target (thread item and the author's open-case pointer),
   * so the customer's next mention there joins the surviving case.
   */
  async commitMerge(merge: CaseMerge): Promise<void> {
    const source = merge.source.before;
    const target = merge.target.before;
    const pointers: TransactWriteItem[] = [];
    if (source.conversationId) {
      const threadKey = keys.thread(source.source, source.conversationId);
      const threadItem = await this.getItem(threadKey);
      if (threadItem && threadFromItem(threadItem).caseId === source.caseId) {
        pointers.push({
          Update: {
            TableName: this.tableName,
            Key: threadKey,
            UpdateExpression: 'SET caseId = :target, version = version + :one',
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: {
              ':target': target.caseId,
              ':one': 1,
              ':version': threadItem.version,
            },
          },
        });
      }
    }
    const authorKey = keys.author(source.author.source, source.author.id);
    const authorItem = await this.getItem(authorKey);
    if (authorItem) {
      const profile = authorProfileFromItem(authorItem);
      const moved = Object.entries(profile.openCases).filter(
        ([, pointer]) => pointer.caseId === source.caseId,
      );
      if (moved.length > 0) {
        const openCases = Object.fromEntries(
          Object.entries(profile.openCases).map(([conversation, pointer]) => [
            conversation,
            pointer.caseId === source.caseId ? { ...pointer, caseId: target.caseId } : pointer,
          ]),
        );
        pointers.push({
          Update: {
            TableName: this.tableName,
            Key: authorKey,
            UpdateExpression: 'SET openCases = :openCases, version = version + :one',
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: {
              ':openCases': openCases,
              ':one': 1,
              ':version': profile.version,
            },
          },
        });
      }
    }
    await this.transact([merge.target, merge.source], pointers);
  }

  /** Author keys linked to an author (empty when none or when the author is unknown). */
  async linkedAuthors(authorKey: string): Promise<string[]> {
    return linkedAuthorsFromItem(await this.getItem(authorItemKeyOf(authorKey)));
  }

  /**
   * Links two author identities as one person; links are transitive (linking to someone already
   * linked joins the whole group). Returns the group. Both authors must be known.
   */
  async linkAuthors(a: string, b: string): Promise<string[]> {
    const [itemA, itemB] = await Promise.all([
      this.getItem(authorItemKeyOf(a)),
      this.getItem(authorItemKeyOf(b)),
    ]);
    for (const [key, item] of [
      [a, itemA],
      [b, itemB],
    ] as const) {
      if (!item) throw new AuthorNotFoundError(`no author ${key} has written to the brand`);
    }
    const group = [
      ...new Set([a, b, ...linkedAuthorsFromItem(itemA), ...linkedAuthorsFromItem(itemB)]),
    ].sort();
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: group.map((member) => ({
            Update: {
              TableName: this.tableName,
              Key: authorItemKeyOf(member),
              UpdateExpression: 'SET linkedAuthors = :linked',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':linked': group.filter((other) => other !== member) },
            },
          })),
        }),
      );
    } catch (error) {
      if (isTransactionCanceled(error)) {
        throw new CaseWriteConflictError(`linking ${a} and ${b} conflicted with another write`, {
          cause: error,
        });
      }
      throw error;
    }
    return group;
  }

  private async getItem(key: Record<string, string>): Promise<Item | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  private async transact(
    changes: readonly CaseChange[],
    extra: readonly TransactWriteItem[],
  ): Promise<void> {
    const writes = changes.map((change) =>
      caseChangeWrites(this.tableName, change, unchangedSince(change.before)),
    );
    const entries: TransactWriteItem[] = changes.map((change) => ({
      Put: { TableName: this.tableName, Item: timelineItem(change.after.caseId, change.entry) },
    }));
    try {
      await this.client.send(
        new TransactWriteCommand({
          // The changes' case items first, in order, so a cancellation reason names its change.
          TransactItems: [
            ...writes.map((write) => write.caseItem),
            ...entries,
            ...extra,
            ...writes.flatMap((write) => (write.decisionItem ? [write.decisionItem] : [])),
          ],
        }),
      );
    } catch (error) {
      if (!isTransactionCanceled(error)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const stale = changes.find(
        (_change, index) => reasons[index]?.Code === 'ConditionalCheckFailed',
      );
      if (stale) {
        throw new CaseVersionConflictError(
          stale.before.caseId,
          await this.getCase(stale.before.caseId),
          { cause: error },
        );
      }
      throw new CaseWriteConflictError('the change conflicted with another write; retry it', {
        cause: error,
      });
    }
  }
}
