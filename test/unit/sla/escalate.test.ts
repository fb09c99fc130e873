import type { Case } from '../../../shared/contracts/case';
import { startSlaClock } from '../../../shared/domain/sla/deadlines';
import { planEscalation } from '../../../shared/domain/sla/escalation-plan';
import { DEFAULT_SLA_POLICY, SlaPolicy } from '../../../shared/domain/sla/policy';

const MINUTE = 60_000;
const OPENED = new Date('2026-05-04T09:00:00.000Z');
const policy = SlaPolicy.parse(DEFAULT_SLA_POLICY);
const at = (minutes: number) => new Date(OPENED.getTime() + minutes * MINUTE);

const p1Case = (): Case => ({
  caseId: 'case-7',
  version: 5,
  brand: 'acme',
  source: 'facebook',
  author: { key: 'facebook#99', id: '99', source: 'facebook', name: 'Lee Park', followers: 120 },
  status: 'open',
  priority: 'P1',
  needsResponse: true,
  amplify: false,
  chronic: false,
  sentiment: 'negative',
  intents: ['complaint'],
  urgency: ['safety'],
  reasons: ['safety'],
  excerpt: 'The stroller brake failed on a hill with my baby in it.',
  mentionCount: 1,
  openedAt: OPENED.toISOString(),
  updatedAt: OPENED.toISOString(),
  lastMentionAt: OPENED.toISOString(),
  sla: startSlaClock({ policy, priority: 'P1', clock: 'first_response', startedAt: OPENED }),
});

/** The P1 case once level 1 has fired, waiting for level 2 at minute 30. */
const waitingForLevel2 = (): Case => {
  const current = p1Case();
  return {
    ...current,
    sla: {
      ...(current.sla as NonNullable<Case['sla']>),
      warned: true,
      level: 1,
      next: { kind: 'level', level: 2, dueAt: at(30).toISOString() },
    },
  };
};

describe('planEscalation', () => {
  it('does nothing before the pending step is due', () => {
    expect(planEscalation({ current: p1Case(), policies: [policy], now: at(11) })).toBeUndefined();
  });

  it('does nothing for a stopped clock', () => {
    const open = p1Case();
    const { next: _stopped, ...stopped } = open.sla as NonNullable<Case['sla']>;
    const current = { ...open, sla: stopped };
    expect(planEscalation({ current, policies: [policy], now: at(600) })).toBeUndefined();
  });

  it('fires the warning: a new version waiting for level 1, a warned entry and the event', () => {
    const plan = planEscalation({ current: p1Case(), policies: [policy], now: at(12) });
    expect(plan?.kind).toBe('fire');
    if (plan?.kind !== 'fire') return;
    expect(plan.pending).toEqual({ kind: 'warning', level: 0, dueAt: at(12).toISOString() });
    expect(plan.after.version).toBe(6);
    expect(plan.after.sla).toMatchObject({
      warned: true,
      level: 0,
      next: { kind: 'level', level: 1, dueAt: at(15).toISOString() },
    });
    expect(plan.entry).toMatchObject({ type: 'warned', actor: { id: 'sla-sweeper' } });
    expect(plan.event.definition.detailType).toBe('Case SLA Warning');
    expect(plan.event.detail).toMatchObject({
      level: 0,
      channels: ['slack'],
      overdueSeconds: -180,
    });
  });

  it('marks the case paged when the level names PagerDuty, and ends the ladder there', () => {
    const plan = planEscalation({ current: waitingForLevel2(), policies: [policy], now: at(31) });
    if (plan?.kind !== 'fire') throw new Error(`expected a fired step, got ${plan?.kind}`);
    expect(plan.after.paged).toBe(true);
    expect(plan.after.sla?.next).toBeUndefined();
    expect(plan.event.detail).toMatchObject({ level: 2, paged: true, overdueSeconds: 16 * 60 });
  });

  it('moves a stale pending step when the policy changed and nothing is due any more', () => {
    const slower = SlaPolicy.parse({
      ...DEFAULT_SLA_POLICY,
      escalation: {
        warningAt: 0,
        levels: [{ level: 1, after: '0m', channels: ['slack'] }],
      },
    });
    const plan = planEscalation({ current: waitingForLevel2(), policies: [slower], now: at(45) });
    expect(plan).toMatchObject({ kind: 'reschedule', after: { version: 6 } });
    expect(plan?.after.sla?.next).toBeUndefined();
  });
});
