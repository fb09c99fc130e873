/** Where a stream window's report sums go: the port the DynamoDB counter store implements. */
import type { ReportTotals } from '../../domain/cases/reports';

export interface ReportWindows {
  /**
   * Adds what one stream shard summed over one window; adding the same shard's window twice
   * counts it once. Resolves with the number of counter items changed.
   */
  addWindow(window: {
    readonly shardId: string;
    readonly windowStart: string;
    readonly totals: ReportTotals;
  }): Promise<number>;
}
