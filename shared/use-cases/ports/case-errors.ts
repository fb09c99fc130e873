/**
 * What a person addressing a case can run into, whichever use case they go through (an action,
 * a reply): the case is not there, or it moved on since they read it. Adapters throw the version
 * conflict when a conditional write finds the case changed.
 */
import type { Case } from '../../contracts/case';

/** No case has the id asked for. */
export class CaseNotFoundError extends Error {
  override name = 'CaseNotFoundError';
  constructor(readonly caseId: string) {
    super(`no case ${caseId}`);
  }
}

/** The case changed since the caller read it; `current` is the case as it is now. */
export class CaseVersionConflictError extends Error {
  override name = 'CaseVersionConflictError';
  constructor(
    readonly caseId: string,
    readonly current: Case | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      current
        ? `case ${caseId} changed: it is now at version ${current.version}`
        : `case ${caseId} no longer exists`,
      options,
    );
  }
}
