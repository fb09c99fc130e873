import type { CaseSla, SlaClock } from '../contracts/case';
import type { Priority } from '../contracts/triage';
import type { SlaPolicy } from './policy';

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
  if (!chosen) throw new Error('no SLA policy configured');
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
 */
export const startSlaClock = (input: {
  policy: SlaPolicy;
  priority: Priority;
  clock: SlaClock;
  startedAt: Date;
}): CaseSla | undefined => {
  const targetMs = input.policy.targets[input.priority][TARGET_OF[input.clock]];
  if (targetMs === undefined) return undefined;
  const start = input.startedAt.getTime();
  const dueAt = new Date(start + targetMs).toISOString();
  const warningAt = input.policy.escalation.warningAt;
  const next =
    warningAt > 0
      ? {
          kind: 'warning' as const,
          level: 0,
          dueAt: new Date(start + targetMs * warningAt).toISOString(),
        }
      : { kind: 'level' as const, level: 1, dueAt };
  return {
    policyId: input.policy.id,
    clock: input.clock,
    startedAt: input.startedAt.toISOString(),
    dueAt,
    next,
    level: 0,
    warned: false,
  };
};
