/** What the SLA sweep reads and writes: the port the DynamoDB SLA store implements. */
import type { Case, EscalationStep, TimelineEntry } from '../../contracts/case';

/** Where a recorded step's timeline entry was stored, so a reverted step can remove it. */
export interface TimelineEntryKey {
  readonly PK: string;
  readonly SK: string;
}

export interface SlaRecords {
  /** Ids of cases whose pending step is due at `now` (eventually consistent). */
  dueCaseIds(now: Date): Promise<string[]>;
  getCase(caseId: string): Promise<Case | undefined>;
  /**
   * Stores the case as it is after a step, conditional on the version read and the exact step it
   * was waiting for: of two sweepers, one writes and the other gets `written: false`.
   */
  recordStep(input: {
    before: Case;
    pending: EscalationStep;
    after: Case;
    entry?: TimelineEntry;
  }): Promise<{ written: boolean; timelineKey?: TimelineEntryKey }>;
  /** Puts a case back as it was before a step; false when something changed it since. */
  revertStep(input: {
    before: Case;
    after: Case;
    timelineKey?: TimelineEntryKey;
  }): Promise<boolean>;
}
