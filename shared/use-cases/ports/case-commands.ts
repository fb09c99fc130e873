/** What a person's change to a case reads and stores: the port the DynamoDB case commands implement. */
import type { Case } from '../../contracts/case';
import type { CaseChange } from '../../domain/cases/case-actions';

export interface CaseCommands {
  getCase(caseId: string): Promise<Case | undefined>;
  /**
   * Stores one action's change (the case conditional on the version it was computed from, its
   * timeline entry and counters); throws CaseVersionConflictError when the case moved on.
   */
  commitChange(change: CaseChange): Promise<void>;
}
