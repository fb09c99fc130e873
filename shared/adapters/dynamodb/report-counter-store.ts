/** Reads the report counters (added from the table's stream by ReportWindowStore). */
import type { DynamoDBDocumentClient, NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { hourOf, ReportRangeError } from '../../domain/cases/reports';
import { queryAll } from './query-all';
import { reportDayKey } from './table-keys';

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
      items.push(
        ...(await queryAll(this.client, {
          TableName: this.tableName,
          KeyConditionExpression: range.brand ? 'PK = :pk AND begins_with(SK, :brand)' : 'PK = :pk',
          ExpressionAttributeValues: {
            ':pk': reportDayKey(day),
            ...(range.brand ? { ':brand': `${range.brand}#` } : {}),
          },
        })),
      );
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
