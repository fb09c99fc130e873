import type { Logger } from '@aws-lambda-powertools/logger';
import type { Priority } from '../contracts/triage';
import { planEscalation } from '../domain/sla/escalation-plan';
import type { SlaPolicy } from '../domain/sla/policy';
import type { EventSink } from './ports/event-sink';
import type { SlaRecords } from './ports/sla-records';

/**
 * Rounds of query-and-fire per sweep: a case that is several steps behind (the sweeper was down)
 * catches up one step per round; the index is eventually consistent, so rounds stop when one
 * fires nothing.
 */
const MAX_ROUNDS = 5;

/** Cases escalated at once: a backlog after an outage clears within the sweeper's timeout. */
const CONCURRENCY = 10;

/** A step was recorded as fired but its event could not be published nor the step undone. */
export class EscalationLostError extends Error {
  override name = 'EscalationLostError';
}

/** A step the sweep fired. */
export interface FiredStep {
  readonly caseId: string;
  readonly priority: Priority;
  readonly kind: 'warning' | 'level';
  readonly level: number;
}

/** Some cases could not be escalated in this sweep; the others were. */
export class SlaSweepError extends Error {
  override name = 'SlaSweepError';
}

/**
 * The SLA sweep: every case whose pending escalation step is due gets that step fired exactly
 * once (a conditional write wins it), and only the winner publishes Case SLA Warning or Case SLA
 * Breached. A publish failure undoes the step so the next sweep tries again.
 */
export class SlaSweeper {
  constructor(
    private readonly deps: {
      store: SlaRecords;
      publisher: EventSink;
      policies: readonly SlaPolicy[];
      logger: Logger;
    },
  ) {}

  /**
   * Fires every due step and returns them. One case failing does not hold up the others; the
   * sweep then throws SlaSweepError (so the failure shows as a function error and alarms).
   */
  async sweep(now: Date): Promise<FiredStep[]> {
    const fired: FiredStep[] = [];
    const failures = new Map<string, unknown>();
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const due = await this.deps.store.dueCaseIds(now);
      const firedBefore = fired.length;
      const pending = due.filter((caseId) => !failures.has(caseId));
      for (let start = 0; start < pending.length; start += CONCURRENCY) {
        await Promise.all(
          pending.slice(start, start + CONCURRENCY).map(async (caseId) => {
            try {
              const step = await this.escalate(caseId, now);
              if (step) fired.push(step);
            } catch (error) {
              this.deps.logger.error('escalation failed', { caseId, error });
              failures.set(caseId, error);
            }
          }),
        );
      }
      if (fired.length === firedBefore) break;
    }
    if (failures.size > 0) {
      throw new SlaSweepError(
        `${failures.size} case(s) could not be escalated (${[...failures.keys()].join(', ')}); ${fired.length} step(s) fired`,
        { cause: [...failures.values()][0] },
      );
    }
    return fired;
  }

  /** Fires the due step of one case; undefined when there was none or another sweeper won it. */
  private async escalate(caseId: string, now: Date): Promise<FiredStep | undefined> {
    const { store, publisher, policies, logger } = this.deps;
    const current = await store.getCase(caseId);
    // A case that joined an incident after the index was read escalates with the incident.
    if (!current || current.incidentId) return undefined;
    const plan = planEscalation({ current, policies, now });
    if (!plan) return undefined;
    if (plan.kind === 'reschedule') {
      await store.recordStep({ before: current, pending: plan.pending, after: plan.after });
      logger.info('escalation step rescheduled', { caseId, next: plan.after.sla?.next });
      return undefined;
    }
    const recorded = await store.recordStep({
      before: current,
      pending: plan.pending,
      after: plan.after,
      entry: plan.entry,
    });
    if (!recorded.written) {
      logger.debug('escalation step taken by another writer', { caseId, step: plan.pending });
      return undefined;
    }
    try {
      await publisher.publish(plan.event.definition, plan.event.detail);
    } catch (error) {
      const reverted = await store.revertStep({
        before: current,
        after: plan.after,
        timelineKey: recorded.timelineKey,
      });
      if (!reverted) {
        throw new EscalationLostError(
          `case ${caseId}: ${plan.step.kind} level ${plan.step.level} fired but its event was not published and the case has changed since`,
          { cause: error },
        );
      }
      throw error;
    }
    logger.info('escalation step fired', {
      caseId,
      kind: plan.step.kind,
      escalationLevel: plan.step.level,
      channels: plan.step.channels,
      overdueSeconds: plan.event.detail.overdueSeconds,
    });
    return { caseId, priority: current.priority, kind: plan.step.kind, level: plan.step.level };
  }
}
