/** An action on a case as the agent asked for it, so it can be redone on a newer version. */
import type { Case } from '../api/types';

export interface CaseAction {
  readonly label: string;
  /** The path after `/cases/{id}/`: `acknowledge`, `reply`, `triage-correction`… */
  readonly verb: string;
  readonly body: (current: Case) => Record<string, unknown>;
}

/** Runs an action against the case as shown; resolves to whether it was done. */
export type RunCaseAction = (action: CaseAction) => Promise<boolean>;
