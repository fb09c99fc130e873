import type { CaseSla, EscalationStep } from '../../contracts/case';
import type { Priority } from '../../contracts/triage';
import { addBusinessTime, businessTimeBetween } from './calendars';
import type { SlaPolicy } from './policy';

/** One rung of a running clock's escalation ladder: when it is due and whom it alerts. */
export interface LadderStep extends EscalationStep {
  readonly channels: readonly string[];
}

/**
 * The escalation ladder of a running clock, in firing order: the warning at `warningAt` of the
 * target (when enabled), level 1 at the breach, and each further level its delay after the breach.
 * Times count in the policy's calendar, so a business-hours policy neither warns nor pages while
 * the team is closed. Levels limited to other priorities are left out.
 */
export const escalationLadder = (input: {
  policy: SlaPolicy;
  priority: Priority;
  startedAt: Date;
  /** The breach: the deadline of the running clock. */
  dueAt: Date;
}): LadderStep[] => {
  const { escalation, businessCalendar } = input.policy;
  const steps: LadderStep[] = [];
  if (escalation.warningAt > 0 && escalation.warningAt < 1) {
    const target = businessTimeBetween(input.startedAt, input.dueAt, businessCalendar);
    const warningAt = addBusinessTime(
      input.startedAt,
      Math.round(target * escalation.warningAt),
      businessCalendar,
    );
    if (warningAt < input.dueAt) {
      steps.push({
        kind: 'warning',
        level: 0,
        dueAt: warningAt.toISOString(),
        channels: escalation.warningChannels,
      });
    }
  }
  for (const level of escalation.levels) {
    if (level.priorities && !level.priorities.includes(input.priority)) continue;
    steps.push({
      kind: 'level',
      level: level.level,
      dueAt: addBusinessTime(input.dueAt, level.after, businessCalendar).toISOString(),
      channels: level.channels,
    });
  }
  return steps;
};

const hasFired = (step: EscalationStep, sla: Pick<CaseSla, 'level' | 'warned'>): boolean =>
  step.kind === 'warning' ? sla.warned || sla.level > 0 : step.level <= sla.level;

/** The first step of the ladder that has not fired yet on this clock, due or not. */
export const pendingStep = (
  ladder: readonly LadderStep[],
  sla: Pick<CaseSla, 'level' | 'warned'>,
): LadderStep | undefined => ladder.find((step) => !hasFired(step, sla));

/**
 * The step to fire at `now`, or undefined when nothing is due. Levels fire one by one in order,
 * even when several are overdue, because each alerts different people; a warning that is still
 * pending once the breach is due is skipped, since the breach says more.
 */
export const dueStep = (
  ladder: readonly LadderStep[],
  sla: Pick<CaseSla, 'level' | 'warned'>,
  now: Date,
): LadderStep | undefined => {
  const due = ladder.filter((step) => !hasFired(step, sla) && new Date(step.dueAt) <= now);
  return due.find((step) => step.kind === 'level') ?? due[0];
};

/** The step after `fired`: what the case waits for next, or undefined when the ladder is done. */
export const nextStep = (
  ladder: readonly LadderStep[],
  fired: EscalationStep,
): LadderStep | undefined =>
  pendingStep(ladder, {
    warned: true,
    level: fired.kind === 'level' ? fired.level : 0,
  });
