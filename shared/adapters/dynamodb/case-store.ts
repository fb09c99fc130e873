import {
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Case, CaseStatus, TimelineEntry } from '../../contracts/case';
import type { CaseMention } from '../../contracts/case-records';
import type { Reply } from '../../contracts/reply';
import { caseFromItem, caseMentionFromItem, timelineEntryFromItem } from './case-items';
import { replyFromItem } from './reply-items';
import { keys, statusKey, TABLE_INDEXES } from './table-keys';

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
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.case(caseId).PK },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const caseItem = items.find((item) => item.SK === 'CASE');
    if (!caseItem) return undefined;
    const skStarts = (prefix: string) => (item: Item) => String(item.SK).startsWith(prefix);
    return {
      case: caseFromItem(caseItem),
      mentions: items.filter(skStarts('MENTION#')).map(caseMentionFromItem),
      timeline: items.filter(skStarts('EVENT#')).map(timelineEntryFromItem),
      replies: items
        .filter(skStarts('REPLY#'))
        .map(replyFromItem)
        .sort((a, b) => Date.parse(a.requestedAt) - Date.parse(b.requestedAt)),
    };
  }

  /** The timeline entries recorded under a case id, oldest first, whether or not the case exists. */
  async getTimeline(caseId: string): Promise<TimelineEntry[]> {
    const entries: TimelineEntry[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
          ExpressionAttributeValues: { ':pk': keys.case(caseId).PK, ':event': 'EVENT#' },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      entries.push(...(page.Items ?? []).map(timelineEntryFromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return entries;
  }

  /**
   * Cases in one status, earliest deadline first (cases without a running deadline last), from
   * the `by-status` index; eventually consistent.
   */
  async listByStatus(
    status: CaseStatus,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<CasePage> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TABLE_INDEXES.byStatus.name,
        KeyConditionExpression: '#statusKey = :statusKey',
        ExpressionAttributeNames: { '#statusKey': TABLE_INDEXES.byStatus.partitionKey },
        ExpressionAttributeValues: { ':statusKey': statusKey(status) },
        Limit: options.limit ?? 50,
        ExclusiveStartKey: options.cursor ? decodeCursor(options.cursor) : undefined,
      }),
    );
    const cursor = encodeCursor(page.LastEvaluatedKey);
    return { cases: (page.Items ?? []).map(caseFromItem), ...(cursor ? { cursor } : {}) };
  }
}
