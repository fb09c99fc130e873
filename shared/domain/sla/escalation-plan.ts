import type { Case, EscalationStep, TimelineEntry } from '../../contracts/case';
import { caseEventDetail } from '../../contracts/case-event-detail';
import { CaseSlaBreached, CaseSlaWarning, type SlaEventDetail } from '../../contracts/events';
import { policyOfClock } from './deadlines';
import {
  dueStep,
  escalationLadder,
  type LadderStep,
  nextStep,
  pendingStep,
} from './escalation-ladder';
import type { SlaPolicy } from './policy';

/** The actor of everything the sweeper records. */
export const SLA_SWEEPER_ACTOR = { type: 'system', id: 'sla-sweeper' } as const;

/** The channel whose alerts open an incident that handling the case must close. */
const PAGING_CHANNEL = 'pagerduty';

/** A step that fires: the case after it, its timeline entry and the event that alerts. */
export interface FiredEscalation {
  readonly kind: 'fire';
  /** The step the stored case was waiting for: the write is conditional on it. */
  readonly pending: EscalationStep;
  readonly step: LadderStep;
  readonly after: Case;
  readonly entry: TimelineEntry;
  readonly event:
    | { readonly definition: typeof CaseSlaWarning; readonly detail: SlaEventDetail }
    | { readonly definition: typeof CaseSlaBreached; readonly detail: SlaEventDetail };
}

/**
 * The stored pending step is due but nothing on the ladder is (the configuration changed since the
 * clock started): the case only waits for a different step now.
 */
export interface RescheduledEscalation {
  readonly kind: 'reschedule';
  readonly pending: EscalationStep;
  readonly after: Case;
}

const withoutChannels = (step: LadderStep): EscalationStep => ({
  kind: step.kind,
  level: step.level,
  dueAt: step.dueAt,
});

/**
 * What the sweeper does to one case at `now`: fire the due step (a warning or the next level),
 * or move a stale pending step, or nothing (undefined) when no step is pending or due yet.
 */
export const planEscalation = (input: {
  current: Case;
  policies: readonly SlaPolicy[];
  now: Date;
}): FiredEscalation | RescheduledEscalation | undefined => {
  const { current, now } = input;
  const sla = current.sla;
  const pending = sla?.next;
  if (!sla || !pending || new Date(pending.dueAt) > now) return undefined;
  const ladder = escalationLadder({
    policy: policyOfClock(input.policies, sla, current),
    priority: current.priority,
    startedAt: new Date(sla.startedAt),
    dueAt: new Date(sla.dueAt),
  });
  const step = dueStep(ladder, sla, now);
  if (!step) {
    const waiting = pendingStep(ladder, sla);
    return {
      kind: 'reschedule',
      pending,
      after: {
        ...current,
        version: current.version + 1,
        sla: { ...sla, next: waiting && withoutChannels(waiting) },
      },
    };
  }
  const following = nextStep(ladder, step);
  const paged = current.paged || step.channels.includes(PAGING_CHANNEL);
  const after: Case = {
    ...current,
    version: current.version + 1,
    updatedAt: now.toISOString(),
    ...(paged ? { paged } : {}),
    sla: {
      ...sla,
      next: following && withoutChannels(following),
      ...(step.kind === 'warning'
        ? { warned: true }
        : { level: step.level, breachedAt: sla.breachedAt ?? sla.dueAt }),
    },
  };
  const overdueSeconds = Math.round((now.getTime() - new Date(sla.dueAt).getTime()) / 1000);
  const detail: SlaEventDetail = {
    ...caseEventDetail(after, now),
    level: step.level,
    clock: sla.clock,
    channels: [...step.channels],
    overdueSeconds,
  };
  return {
    kind: 'fire',
    pending,
    step,
    after,
    entry: {
      at: now.toISOString(),
      type: step.kind === 'warning' ? 'warned' : 'escalated',
      actor: SLA_SWEEPER_ACTOR,
      detail: {
        level: step.level,
        clock: sla.clock,
        policyId: sla.policyId,
        channels: [...step.channels],
        dueAt: step.dueAt,
        overdueSeconds,
      },
    },
    event:
      step.kind === 'warning'
        ? { definition: CaseSlaWarning, detail }
        : { definition: CaseSlaBreached, detail },
  };
};
