import type { CaseSla, SlaClock } from '../../contracts/case';
import type { Priority } from '../../contracts/triage';
import { addBusinessTime } from './calendars';
import { escalationLadder, pendingStep } from './escalation-ladder';
import type { SlaPolicy } from './policy';

export class SlaPolicyError extends Error {
  override name = 'SlaPolicyError';
}

/** The first policy whose match covers the case; the last policy is the catch-all. */
export const selectPolicy = (
  policies: readonly SlaPolicy[],
  subject: { brand: string; source: string },
): SlaPolicy => {
  const matching = policies.find(
    (policy) =>
      (!policy.match.brands || policy.match.brands.includes(subject.brand)) &&
      (!policy.match.sources || policy.match.sources.includes(subject.source)),
  );
  const chosen = matching ?? policies[policies.length - 1];
  if (!chosen) throw new SlaPolicyError('no SLA policy configured');
  return chosen;
};

const TARGET_OF: Record<SlaClock, 'firstResponse' | 'nextResponse' | 'resolution'> = {
  first_response: 'firstResponse',
  next_response: 'nextResponse',
  resolution: 'resolution',
};

/**
 * Starts an SLA clock for a case: its deadline and the first pending escalation step.
 * Returns undefined when the policy sets no target for that clock and priority.
 * Deadlines count open time of the policy's business calendar (resolved by `SlaConfig`); a policy
 * without one runs 24/7. Call it again when the customer writes again (`next_response`) or the
 * priority rises: it returns a fresh clock with nothing fired.
 */
export const startSlaClock = (input: {
  policy: SlaPolicy;
  priority: Priority;
  clock: SlaClock;
  startedAt: Date;
}): CaseSla | undefined => {
  const { policy, priority, startedAt } = input;
  if (policy.calendar && !policy.businessCalendar) {
    throw new SlaPolicyError(
      `SLA policy ${policy.id} names calendar ${policy.calendar} but it was not resolved; parse the policies through SlaConfig`,
    );
  }
  const targetMs = policy.targets[priority][TARGET_OF[input.clock]];
  if (targetMs === undefined) return undefined;
  const dueAt = addBusinessTime(startedAt, targetMs, policy.businessCalendar);
  const first = pendingStep(escalationLadder({ policy, priority, startedAt, dueAt }), {
    level: 0,
    warned: false,
  });
  return {
    policyId: policy.id,
    clock: input.clock,
    startedAt: startedAt.toISOString(),
    dueAt: dueAt.toISOString(),
    next: first && { kind: first.kind, level: first.level, dueAt: first.dueAt },
    level: 0,
    warned: false,
  };
};

/** The policy a running clock was started under; the selected one when configuration dropped it. */
export const policyOfClock = (
  policies: readonly SlaPolicy[],
  sla: Pick<CaseSla, 'policyId'>,
  subject: { brand: string; source: string },
): SlaPolicy =>
  policies.find((policy) => policy.id === sla.policyId) ?? selectPolicy(policies, subject);
