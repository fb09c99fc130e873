/**
 * Report counters, maintained on write so reports never scan the table.
 *
 * Writers put the counter updates in the SAME TransactWriteItems as the change they count, so a
 * retried or cancelled write counts exactly once:
 *
 *   import { reportCounterWrites } from './report-counter-store';
 *   import { caseOpenedFact, firstResponseFact, mentionFact } from '../../domain/cases/reports';
 *
 *   TransactItems: [
 *     ...yourWrites,
 *     ...reportCounterWrites(tableName, [
 *       mentionFact(mention, classification),   // every customer mention (not brand replies)
 *       caseOpenedFact(openedCase),              // when the mention opened a case
 *       firstResponseFact(respondedCase),        // when a brand reply gave the FIRST response
 *     ]),
 *   ]
 *
 * `reportCounterWrites(tableName: string, facts: readonly ReportFact[]): TransactWriteItem[]`
 * returns one Update per counter item (facts of the same hour and shard are merged, since a
 * transaction may touch an item only once); an empty list for no facts.
 */
import {
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
  QueryCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  counterIncrements,
  hourOf,
  type ReportFact,
  ReportRangeError,
} from '../../domain/cases/reports';
import { keys, reportDayKey } from './table-keys';

export type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The transaction entries that add some facts to the report counters. */
export const reportCounterWrites = (
  tableName: string,
  facts: readonly ReportFact[],
): TransactWriteItem[] =>
  counterIncrements(facts).map((increment) => {
    const names: Record<string, string> = {};
    const values: Record<string, NativeAttributeValue> = {
      ':itemType': 'report-counter',
      ':brand': increment.brand,
      ':hour': increment.hour,
    };
    const additions = Object.entries(increment.counts).map(([name, amount], index) => {
      names[`#c${index}`] = name;
      values[`:c${index}`] = amount;
      return `#c${index} :c${index}`;
    });
    return {
      Update: {
        TableName: tableName,
        Key: keys.reportCounter(increment.brand, increment.hour, increment.shard),
        UpdateExpression: `SET itemType = :itemType, brand = :brand, #hour = :hour ADD ${additions.join(', ')}`,
        ExpressionAttributeNames: { ...names, '#hour': 'hour' },
        ExpressionAttributeValues: values,
      },
    };
  });

/** Ranges longer than this are refused: a report reads one partition per day. */
export const MAX_REPORT_DAYS = 366;

const NOT_COUNTERS = new Set(['PK', 'SK', 'itemType', 'brand', 'hour']);

/** Reads the counter items of a range of hours. */
export class ReportCounterStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The counters of every hour that starts in [from, to) (hours are UTC; `from` is rounded down
   * to its hour), for one brand or all of them.
   */
  async read(range: { from: Date; to: Date; brand?: string }): Promise<Record<string, number>[]> {
    const firstHour = hourOf(range.from);
    const days = this.daysOf(range);
    const items: Record<string, NativeAttributeValue>[] = [];
    for (const day of days) {
      let startKey: Record<string, NativeAttributeValue> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: range.brand
              ? 'PK = :pk AND begins_with(SK, :brand)'
              : 'PK = :pk',
            ExpressionAttributeValues: {
              ':pk': reportDayKey(day),
              ...(range.brand ? { ':brand': `${range.brand}#` } : {}),
            },
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return items
      .filter((item) => {
        const hour = String(item.hour);
        return hour >= firstHour && Date.parse(`${hour}:00:00Z`) < range.to.getTime();
      })
      .map((item) =>
        Object.fromEntries(
          Object.entries(item).filter(
            ([name, value]) => !NOT_COUNTERS.has(name) && typeof value === 'number',
          ),
        ),
      );
  }

  private daysOf(range: { from: Date; to: Date }): string[] {
    const from = Date.parse(`${hourOf(range.from).slice(0, 10)}T00:00:00Z`);
    const to = range.to.getTime();
    if (!(to > range.from.getTime())) {
      throw new ReportRangeError('`to` must be later than `from`');
    }
    const days: string[] = [];
    for (let day = from; day < to; day += 86_400_000) {
      days.push(new Date(day).toISOString().slice(0, 10));
      if (days.length > MAX_REPORT_DAYS) {
        throw new ReportRangeError(`a report covers at most ${MAX_REPORT_DAYS} days`);
      }
    }
    return days;
  }
}
