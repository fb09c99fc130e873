/** Changes to cases made through the API: checked against the stored version, then published. */

import type { Actor, Case } from '../../contracts/case';
import { notFound } from '../../contracts/http-error';
import { applyCaseAction, type CaseAction, type CaseChange } from '../../domain/cases/case-actions';
import { CaseVersionConflictError } from '../dynamodb/case-commands';
import type { CasesApiDeps } from './operation';

/** A stored change's events did not reach the bus; the change itself is committed. */
export class CaseEventsUnpublishedError extends Error {
  override name = 'CaseEventsUnpublishedError';
  constructor(
    readonly caseIds: readonly string[],
    readonly detailTypes: readonly string[],
    options: { cause: unknown },
  ) {
    super(
      `case ${caseIds.join(', ')} changed but its events (${detailTypes.join(', ')}) were not published`,
      options,
    );
  }
}

/** PutEvents attempts for a stored change before it is reported as unpublished. */
const PUBLISH_ATTEMPTS = 3;

const exponentialBackoff = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, 100 * 2 ** (attempt - 1)));

export const requireCase = async (deps: CasesApiDeps, caseId: string): Promise<Case> => {
  const found = await deps.commands.getCase(caseId);
  if (!found) throw notFound(`no case ${caseId}`);
  return found;
};

export const requireVersion = (subject: Case, version: number): void => {
  if (subject.version !== version) throw new CaseVersionConflictError(subject.caseId, subject);
};

/**
 * Publishes the events of changes already committed. A failure must not become a 5xx: the change
 * is stored, and a caller retrying it would get a 409 or repeat a note. So PutEvents is retried,
 * and when it still fails the failure is reported (log and metric) and the request succeeds.
 */
export const publishChanges = async (
  deps: CasesApiDeps,
  changes: readonly CaseChange[],
): Promise<void> => {
  const events = changes.flatMap((change) => change.events);
  const backoff = deps.publishBackoff ?? exponentialBackoff;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await deps.publisher.publishAll(events);
      return;
    } catch (error) {
      if (attempt >= PUBLISH_ATTEMPTS) {
        deps.onEventsUnpublished(
          new CaseEventsUnpublishedError(
            changes.map((change) => change.after.caseId),
            events.map((event) => event.definition.detailType),
            { cause: error },
          ),
        );
        return;
      }
      await backoff(attempt);
    }
  }
};

/**
 * Applies an action to a case at a known version (`'current'` acts on the case as it is now,
 * as a Slack button does); stores it conditionally, then publishes its events.
 */
export const actOnCase = async (
  deps: CasesApiDeps,
  request: { caseId: string; version: number | 'current'; action: CaseAction; actor: Actor },
): Promise<Case> => {
  const current = await requireCase(deps, request.caseId);
  if (request.version !== 'current') requireVersion(current, request.version);
  const change = applyCaseAction({
    current,
    action: request.action,
    actor: request.actor,
    now: deps.clock.now(),
    policies: deps.config.sla.policies,
  });
  await deps.commands.commitChange(change);
  await publishChanges(deps, [change]);
  return change.after;
};
