import {
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Case, CaseStatus, TimelineEntry } from '../../contracts/case';
import type { CaseMention } from '../../contracts/case-records';
import type { Reply } from '../../contracts/reply';
import { inRequestOrder } from '../../domain/replies/reply-order';
import { batchGet } from './batch-get';
import { caseFromItem, caseMentionFromItem, timelineEntryFromItem } from './case-items';
import { queryAll } from './query-all';
import { replyFromItem } from './reply-items';
import { keys, statusKey, TABLE_INDEXES, type TableIndex } from './table-keys';

/** A list cursor that this store did not hand out, or that was altered. */
export class CaseCursorError extends Error {
  override name = 'CaseCursorError';
}

/** A case with everything recorded on it, in time order. */
export interface CaseRecord {
  readonly case: Case;
  readonly mentions: CaseMention[];
  readonly timeline: TimelineEntry[];
  /** Replies from the case, in the order they were asked for. */
  readonly replies: Reply[];
}

export interface CasePage {
  readonly cases: Case[];
  /** Opaque; pass it back to get the next page. Absent on the last page. */
  readonly cursor?: string;
}

type Item = Record<string, NativeAttributeValue>;

const encodeCursor = (key: Item | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

const decodeCursor = (cursor: string): Item => {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof key === 'object' && key !== null && !Array.isArray(key)) return key as Item;
  } catch (error) {
    throw new CaseCursorError('cursor is not one this API returned', { cause: error });
  }
  throw new CaseCursorError('cursor is not one this API returned');
};

/** Reads cases from the single table (see table-keys.ts). The client is a DynamoDB document client. */
export class CaseStore {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /** The case, or undefined when no case has that id. */
  async getCase(caseId: string): Promise<Case | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.case(caseId), ConsistentRead: true }),
    );
    return Item ? caseFromItem(Item) : undefined;
  }

  /** The case with its mentions and timeline entries, each in time order; undefined when absent. */
  async getCaseRecord(caseId: string): Promise<CaseRecord | undefined> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.case(caseId).PK },
      ConsistentRead: true,
    });
    const caseItem = items.find((item) => item.SK === 'CASE');
    if (!caseItem) return undefined;
    const skStarts = (prefix: string) => (item: Item) => String(item.SK).startsWith(prefix);
    return {
      case: caseFromItem(caseItem),
      mentions: items.filter(skStarts('MENTION#')).map(caseMentionFromItem),
      timeline: items.filter(skStarts('EVENT#')).map(timelineEntryFromItem),
      replies: inRequestOrder(items.filter(skStarts('REPLY#')).map(replyFromItem)),
    };
  }

  /** The timeline entries recorded under a case id, oldest first, whether or not the case exists. */
  async getTimeline(caseId: string): Promise<TimelineEntry[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
      ExpressionAttributeValues: { ':pk': keys.case(caseId).PK, ':event': 'EVENT#' },
      ConsistentRead: true,
    });
    return items.map(timelineEntryFromItem);
  }

  /** One page of an index's partition `key`, in sort-key order. */
  private queryIndex(index: TableIndex, key: string, options: { limit?: number; cursor?: string }) {
    return this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#key = :key',
        ExpressionAttributeNames: { '#key': index.partitionKey },
        ExpressionAttributeValues: { ':key': key },
        Limit: options.limit ?? 50,
        ExclusiveStartKey: options.cursor ? decodeCursor(options.cursor) : undefined,
      }),
    );
  }

  /**
   * The cases an index page names, in the page's order, read by key (the indexes project keys
   * only, so a case rewritten on every mention does not rewrite them too). With `sameIndexKey` a
   * case whose index key changed since the eventually consistent index was read is left out.
   */
  protected async casesOf(indexItems: readonly Item[], sameIndexKey?: string): Promise<Case[]> {
    const items = await batchGet(
      this.client,
      this.tableName,
      indexItems.map((item) => ({ PK: item.PK, SK: item.SK })),
    );
    const byPk = new Map(items.map((item) => [String(item.PK), item]));
    return indexItems.flatMap((indexItem) => {
      const item = byPk.get(String(indexItem.PK));
      if (!item) return [];
      if (sameIndexKey && item[sameIndexKey] !== indexItem[sameIndexKey]) return [];
      return [caseFromItem(item)];
    });
  }

  /**
   * Cases in one status, earliest deadline first (cases without a running deadline last): their
   * keys from the `by-status` index, then the cases by key; eventually consistent.
   */
  async listByStatus(
    status: CaseStatus,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<CasePage> {
    const page = await this.queryIndex(TABLE_INDEXES.byStatus, statusKey(status), options);
    const cursor = encodeCursor(page.LastEvaluatedKey);
    const cases = await this.casesOf(page.Items ?? [], TABLE_INDEXES.byStatus.partitionKey);
    return { cases, ...(cursor ? { cursor } : {}) };
  }
}
