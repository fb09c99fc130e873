/**
 * Changes people make to cases (the cases API, Slack buttons): checked against the version the
 * person saw, stored conditionally, then published.
 */
import type { Actor, Case } from '../contracts/case';
import {
  applyCaseAction,
  type CaseAction,
  type CaseChange,
  CaseTransitionError,
} from '../domain/cases/case-actions';
import type { ResponderConfig } from '../domain/config/responder-config';
import type { CaseCommands } from './ports/case-commands';
import { CaseNotFoundError, CaseVersionConflictError } from './ports/case-errors';
import type { Clock } from './ports/clock';
import type { EventSink } from './ports/event-sink';

/** What changing a case uses; the cases API's dependencies carry all of it. */
export interface CaseChangeDeps {
  readonly commands: CaseCommands;
  readonly publisher: Pick<EventSink, 'publishAll'>;
  readonly clock: Clock;
  readonly config: Pick<ResponderConfig, 'sla'>;
  /**
   * Told when a stored change's events could not be put on the bus after every attempt (the
   * request still succeeds); the composition root logs it and counts a metric.
   */
  readonly onEventsUnpublished: (error: CaseEventsUnpublishedError) => void;
  /** Pause before another PutEvents attempt; injectable so tests need not wait. */
  readonly publishBackoff?: (attempt: number) => Promise<void>;
}

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

export const requireCase = async (
  deps: Pick<CaseChangeDeps, 'commands'>,
  caseId: string,
): Promise<Case> => {
  const found = await deps.commands.getCase(caseId);
  if (!found) throw new CaseNotFoundError(caseId);
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
  deps: CaseChangeDeps,
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
  deps: CaseChangeDeps,
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

/**
 * Acts on a case as it is now: a case that already moved on (a Slack button pressed late, a case
 * of a resolved incident already resolved) answers why instead of failing; 'done' when it acted.
 */
export const actOnCurrentCase = async (
  deps: CaseChangeDeps,
  caseId: string,
  action: CaseAction,
  actor: Actor,
): Promise<string> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await actOnCase(deps, { caseId, version: 'current', action, actor });
      return 'done';
    } catch (error) {
      if (error instanceof CaseTransitionError) return error.message;
      if (!(error instanceof CaseVersionConflictError) || attempt === 3) throw error;
    }
  }
};
