/**
 * Report counters, kept on write so reports never scan the table. The case table's stream adds
 * to them (functions/case-stream.ts): each stream shard sums a tumbling window of changes and
 * adds the sums once the window ends. A counter item remembers, per stream shard, the last window
 * it added (`window#<shardId>`), so a window added twice (a retried final invocation) counts once.
 */
import {
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { counterIncrements, counterShardOf } from '../../domain/cases/reports';
import type { ReportWindows } from '../../use-cases/ports/report-windows';
import { keys } from './table-keys';
import { failedCondition } from './transact-write-item';

/** Adding a window's sums to a counter item failed for a reason other than "already added". */
export class ReportCounterWriteError extends Error {
  override name = 'ReportCounterWriteError';
}

/** Adds stream windows to the counter items. */
export class ReportWindowStore implements ReportWindows {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Adds a window's sums: one update per brand and hour, each conditional on the item not having
   * added this shard's window (or a later one) yet. Returns how many items it changed.
   */
  async addWindow({
    shardId,
    windowStart,
    totals,
  }: Parameters<ReportWindows['addWindow']>[0]): Promise<number> {
    let changed = 0;
    for (const increment of counterIncrements(totals)) {
      const names: Record<string, string> = { '#hour': 'hour', '#window': `window#${shardId}` };
      const values: Record<string, NativeAttributeValue> = {
        ':itemType': 'report-counter',
        ':brand': increment.brand,
        ':hour': increment.hour,
        ':window': windowStart,
      };
      const additions = Object.entries(increment.counts).map(([name, amount], index) => {
        names[`#c${index}`] = name;
        values[`:c${index}`] = amount;
        return `#c${index} :c${index}`;
      });
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.reportCounter(increment.brand, increment.hour, counterShardOf(shardId)),
            UpdateExpression: `SET itemType = :itemType, brand = :brand, #hour = :hour, #window = :window ADD ${additions.join(', ')}`,
            ConditionExpression: 'attribute_not_exists(#window) OR #window < :window',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
        changed += 1;
      } catch (error) {
        if (failedCondition(error)) continue;
        throw new ReportCounterWriteError(
          `adding window ${windowStart} of ${shardId} to ${increment.brand} ${increment.hour} failed`,
          { cause: error },
        );
      }
    }
    return changed;
  }
}
