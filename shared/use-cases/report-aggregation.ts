/**
 * Report counters from the case table's stream: every invocation of a tumbling window adds the
 * facts of its records to the window's state, and the window's last invocation adds the sums to
 * the counters, once per shard and window. Nothing of this runs on the triage path.
 */
import type { StreamWindowFields, WindowState } from '../contracts/stream-window';
import { addFacts, type ReportFact, type ReportTotals } from '../domain/cases/reports';
import type { ReportWindows } from './ports/report-windows';

/** The window's state is not the sums this aggregation keeps. */
export class ReportWindowStateError extends Error {
  override name = 'ReportWindowStateError';
}

const totalsOf = (state: WindowState): ReportTotals => {
  for (const counts of Object.values(state)) {
    const valid =
      typeof counts === 'object' &&
      counts !== null &&
      Object.values(counts).every((count) => typeof count === 'number');
    if (!valid)
      throw new ReportWindowStateError('the window state holds something other than sums');
  }
  return state as ReportTotals;
};

export class ReportAggregation {
  constructor(private readonly counters: ReportWindows) {}

  /**
   * One invocation of a window: the facts of its records added to the state; on the window's last
   * invocation the sums written. Returns the state for the next invocation.
   */
  async handle(
    window: Pick<StreamWindowFields, 'state' | 'shardId' | 'window' | 'isFinalInvokeForWindow'>,
    facts: readonly ReportFact[],
  ): Promise<ReportTotals> {
    const totals = addFacts(totalsOf(window.state), facts);
    if (!window.isFinalInvokeForWindow) return totals;
    if (Object.keys(totals).length > 0) {
      await this.counters.addWindow({
        shardId: window.shardId,
        windowStart: window.window.start,
        totals,
      });
    }
    return {};
  }
}
