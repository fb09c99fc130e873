import {
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Case, CaseFigures, TimelineEntry } from '../../contracts/case';
import type { CaseMention } from '../../contracts/case-records';
import type { Reply } from '../../contracts/reply';
import { inRequestOrder } from '../../domain/replies/reply-order';
import { batchGet } from './batch-get';
import {
  caseFiguresFromItem,
  caseFromItems,
  caseMentionFromItem,
  followUpEntryOfItem,
  timelineEntryFromItem,
} from './case-items';
import { type CaseListKeys, type CaseListRange, caseListIndex, caseListRanges } from './case-list';
import { queryAll } from './query-all';
import { replyFromItem } from './reply-items';
import { CASE_SK, keys, type TableIndex } from './table-keys';

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
  /** A list shows a case's figures: its decision (reasons, suggested reply) is not read. */
  readonly cases: CaseFigures[];
  /** Opaque; pass it back to get the next page. Absent on the last page. */
  readonly cursor?: string;
}

type Item = Record<string, NativeAttributeValue>;

/** The list cursor: the index sort key of the last case a page examined. */
export const encodeListCursor = (after: string): string =>
  Buffer.from(JSON.stringify({ after })).toString('base64url');

export const decodeListCursor = (cursor: string): string => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'after' in parsed) {
      const { after } = parsed as { after: unknown };
      if (typeof after === 'string') return after;
    }
  } catch (error) {
    throw new CaseCursorError('cursor is not one this API returned', { cause: error });
  }
  throw new CaseCursorError('cursor is not one this API returned');
};

/** What one list query read: its keys in sort order, and whether its range holds more. */
interface RangeRead {
  readonly items: Item[];
  readonly more: boolean;
}

/**
 * The follow-up entries kept on mention items merged with the timeline items, by time; a follow-up
 * comes before an entry of the same instant, which it caused (a raised priority, a reopening).
 */
const inTimeOrder = (
  followUps: readonly TimelineEntry[],
  entries: readonly TimelineEntry[],
): TimelineEntry[] =>
  [...followUps, ...entries].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

/** The case whose case item and decision item are among `items`; undefined without a case item. */
const caseOfItems = (caseId: string, items: readonly Item[]): Case | undefined => {
  const caseItem = items.find((item) => item.SK === keys.case(caseId).SK);
  const decisionItem = items.find((item) => item.SK === keys.caseDecision(caseId).SK);
  return caseItem ? caseFromItems(caseItem, decisionItem) : undefined;
};

/** Reads cases from the single table (see table-keys.ts). The client is a DynamoDB document client. */
export class CaseStore {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /**
   * The case, or undefined when no case has that id: its case item and decision item, read by one
   * consistent query (their sort keys share a prefix no other item under the case has).
   */
  async getCase(caseId: string): Promise<Case | undefined> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :case)',
        ExpressionAttributeValues: { ':pk': keys.case(caseId).PK, ':case': CASE_SK },
        ConsistentRead: true,
      }),
    );
    return caseOfItems(caseId, Items);
  }

  /** The case with its mentions and timeline entries, each in time order; undefined when absent. */
  async getCaseRecord(caseId: string): Promise<CaseRecord | undefined> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.case(caseId).PK },
      ConsistentRead: true,
    });
    const found = caseOfItems(caseId, items);
    if (!found) return undefined;
    const skStarts = (prefix: string) => (item: Item) => String(item.SK).startsWith(prefix);
    const mentionItems = items.filter(skStarts('MENTION#'));
    return {
      case: found,
      mentions: mentionItems.map(caseMentionFromItem),
      timeline: inTimeOrder(
        mentionItems.flatMap((item) => followUpEntryOfItem(item) ?? []),
        items.filter(skStarts('EVENT#')).map(timelineEntryFromItem),
      ),
      replies: inRequestOrder(items.filter(skStarts('REPLY#')).map(replyFromItem)),
    };
  }

  /**
   * The timeline items stored under a case id, oldest first, whether or not the case exists (not
   * the follow-ups kept on mention items: getCaseRecord has the whole timeline).
   */
  async getTimeline(caseId: string): Promise<TimelineEntry[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
      ExpressionAttributeValues: { ':pk': keys.case(caseId).PK, ':event': 'EVENT#' },
      ConsistentRead: true,
    });
    return items.map(timelineEntryFromItem);
  }

  /**
   * The cases an index page names, in the page's order, read by key (the indexes project keys
   * only, so a case rewritten on every mention does not rewrite them too). With `sameIndexKey` a
   * case whose index key changed since the eventually consistent index was read is left out.
   */
  protected async casesOf(
    indexItems: readonly Item[],
    sameIndexKey?: string,
  ): Promise<CaseFigures[]> {
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
      return [caseFiguresFromItem(item)];
    });
  }

  /**
   * One page of the case list: the cases in `statuses` (with `priorities`, `needsReply` and
   * `assignee`, the filters the `by-status` or `by-assignee` keys answer), those needing a reply
   * first, then by priority and deadline, keeping those `matches` accepts (the filters the keys do
   * not answer, checked again with the others on the case as read). A page takes at most
   * MAX_PAGE_QUERIES index queries of `limit + 1` keys each and reads the cases they name by key,
   * so it costs the same however many cases the table holds; with filters the keys do not answer it
   * may hold fewer than `limit` cases (none, even) and still a cursor. Throws CaseListFilterError
   * for a combination of key filters that would take more queries.
   */
  async listCases(
    options: CaseListKeys & {
      matches: (candidate: CaseFigures) => boolean;
      limit: number;
      cursor?: string;
    },
  ): Promise<CasePage> {
    const after = options.cursor ? decodeListCursor(options.cursor) : undefined;
    const index = caseListIndex(options);
    const reads = await Promise.all(
      caseListRanges(options).map((range) =>
        this.readRange(index, range, after, options.limit + 1),
      ),
    );
    const sortOf = (item: Item) => String(item[index.sortKey]);
    // Every key up to the first range's last one read (of the ranges that hold more) is known.
    const frontier = reads
      .filter((read) => read.more)
      .map((read) => sortOf(read.items[read.items.length - 1] as Item))
      .sort()[0];
    const known = reads
      .flatMap((read) => read.items)
      .filter((item) => frontier === undefined || sortOf(item) <= frontier)
      .sort((a, b) => (sortOf(a) < sortOf(b) ? -1 : 1));
    const found: { case: CaseFigures; sort: string }[] = [];
    let examined = 0;
    while (found.length <= options.limit && examined < known.length) {
      const chunk = known.slice(examined, examined + options.limit + 1);
      examined += chunk.length;
      const cases = await this.casesOf(chunk, index.partitionKey);
      const byId = new Map(cases.map((listed) => [keys.case(listed.caseId).PK, listed]));
      for (const item of chunk) {
        const listed = byId.get(String(item.PK));
        if (listed && options.matches(listed)) found.push({ case: listed, sort: sortOf(item) });
      }
    }
    const page = found.slice(0, options.limit);
    const last = known[examined - 1];
    const cursor =
      found.length > options.limit
        ? page[page.length - 1]?.sort
        : examined < known.length || frontier !== undefined
          ? last && sortOf(last)
          : undefined;
    return {
      cases: page.map((entry) => entry.case),
      ...(cursor ? { cursor: encodeListCursor(cursor) } : {}),
    };
  }

  /** Up to `limit` keys of one list range after the cursor's sort key, in sort order. */
  private async readRange(
    index: TableIndex,
    range: CaseListRange,
    after: string | undefined,
    limit: number,
  ): Promise<RangeRead> {
    // BETWEEN is inclusive: the least string above `after` is `after` and the character 0.
    const low = after !== undefined && after >= range.low ? `${after}\u0000` : range.low;
    if (low > range.high) return { items: [], more: false };
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: '#key = :key AND #sort BETWEEN :low AND :high',
        ExpressionAttributeNames: { '#key': index.partitionKey, '#sort': index.sortKey },
        ExpressionAttributeValues: { ':key': range.key, ':low': low, ':high': range.high },
        Limit: limit,
      }),
    );
    return { items: page.Items ?? [], more: page.LastEvaluatedKey !== undefined };
  }
}
