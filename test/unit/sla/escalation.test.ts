import fc from 'fast-check';
import { Priority } from '../../../shared/contracts/triage';
import { startSlaClock } from '../../../shared/domain/sla/deadlines';
import {
  dueStep,
  escalationLadder,
  type LadderStep,
  nextStep,
  pendingStep,
} from '../../../shared/domain/sla/escalation-ladder';
import { DEFAULT_SLA_POLICY, SlaConfig, SlaPolicy } from '../../../shared/domain/sla/policy';

const MINUTE = 60_000;
const defaultPolicy = SlaPolicy.parse(DEFAULT_SLA_POLICY);
const start = new Date('2026-05-04T10:00:00.000Z');

const ladderOf = (priority: Priority, dueAt: Date, policy = defaultPolicy) =>
  escalationLadder({ policy, priority, startedAt: start, dueAt });

const plus = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);

describe('escalationLadder', () => {
  it('warns at 80%, pages Slack at the breach and PagerDuty 15 minutes later for P1', () => {
    expect(ladderOf('P1', plus(15))).toEqual([
      { kind: 'warning', level: 0, dueAt: plus(12).toISOString(), channels: ['slack'] },
      { kind: 'level', level: 1, dueAt: plus(15).toISOString(), channels: ['slack'] },
      { kind: 'level', level: 2, dueAt: plus(30).toISOString(), channels: ['pagerduty'] },
    ]);
  });

  it('leaves level 2 out for P3 and P4', () => {
    expect(ladderOf('P3', plus(240)).map((step) => step.level)).toEqual([0, 1]);
    expect(ladderOf('P4', plus(1440)).map((step) => step.level)).toEqual([0, 1]);
  });

  it('has no warning when warningAt is 0', () => {
    const policy = SlaPolicy.parse({
      ...DEFAULT_SLA_POLICY,
      escalation: { ...DEFAULT_SLA_POLICY.escalation, warningAt: 0 },
    });
    expect(ladderOf('P2', plus(60), policy)[0]).toMatchObject({ kind: 'level', level: 1 });
  });

  it('counts the warning and later levels in business hours', () => {
    const config = SlaConfig.parse({
      calendars: [
        {
          id: 'office',
          timeZone: 'UTC',
          hours: { mon: ['09:00-17:00'], tue: ['09:00-17:00'] },
        },
      ],
      policies: [{ ...DEFAULT_SLA_POLICY, calendar: 'office' }],
    });
    const policy = config.policies[0];
    if (!policy) throw new Error('policy missing');
    // Monday 16:30 UTC, P2 (1 h): 30 min on Monday, due Tuesday 09:30; the warning 48 open
    // minutes in (Tuesday 09:18); level 2 fifteen open minutes after the breach.
    const startedAt = new Date('2026-05-04T16:30:00.000Z');
    const sla = startSlaClock({ policy, priority: 'P2', clock: 'first_response', startedAt });
    expect(sla?.dueAt).toBe('2026-05-05T09:30:00.000Z');
    const ladder = escalationLadder({
      policy,
      priority: 'P2',
      startedAt,
      dueAt: new Date(sla?.dueAt ?? ''),
    });
    expect(ladder.map((step) => step.dueAt)).toEqual([
      '2026-05-05T09:18:00.000Z',
      '2026-05-05T09:30:00.000Z',
      '2026-05-05T09:45:00.000Z',
    ]);
  });
});

describe('dueStep', () => {
  const ladder = ladderOf('P1', plus(15));
  const fresh = { level: 0, warned: false };

  it('returns nothing before the warning is due', () => {
    expect(dueStep(ladder, fresh, plus(11))).toBeUndefined();
  });

  it('returns the warning once it is due', () => {
    expect(dueStep(ladder, fresh, plus(12))).toMatchObject({ kind: 'warning' });
  });

  it('skips a warning that is still pending when the breach is due', () => {
    expect(dueStep(ladder, fresh, plus(16))).toMatchObject({ kind: 'level', level: 1 });
  });

  it('fires overdue levels one at a time, lowest first', () => {
    expect(dueStep(ladder, fresh, plus(60))).toMatchObject({ level: 1 });
    expect(dueStep(ladder, { level: 1, warned: true }, plus(60))).toMatchObject({ level: 2 });
    expect(dueStep(ladder, { level: 2, warned: true }, plus(60))).toBeUndefined();
  });
});

describe('nextStep', () => {
  const ladder = ladderOf('P1', plus(15));

  it('follows the warning with level 1 and level 1 with level 2', () => {
    const [warning, level1, level2] = ladder as [LadderStep, LadderStep, LadderStep];
    expect(nextStep(ladder, warning)).toEqual(level1);
    expect(nextStep(ladder, level1)).toEqual(level2);
    expect(nextStep(ladder, level2)).toBeUndefined();
  });
});

describe('startSlaClock', () => {
  it('starts the first-response clock with the warning pending', () => {
    expect(
      startSlaClock({
        policy: defaultPolicy,
        priority: 'P1',
        clock: 'first_response',
        startedAt: start,
      }),
    ).toEqual({
      policyId: 'default',
      clock: 'first_response',
      startedAt: start.toISOString(),
      dueAt: plus(15).toISOString(),
      next: { kind: 'warning', level: 0, dueAt: plus(12).toISOString() },
      level: 0,
      warned: false,
    });
  });

  it('returns undefined when the policy has no target for the clock', () => {
    expect(
      startSlaClock({
        policy: defaultPolicy,
        priority: 'P1',
        clock: 'resolution',
        startedAt: start,
      }),
    ).toBeUndefined();
  });

  it('refuses a policy whose calendar was never resolved', () => {
    const policy = SlaPolicy.parse({ ...DEFAULT_SLA_POLICY, calendar: 'office' });
    expect(() =>
      startSlaClock({ policy, priority: 'P1', clock: 'first_response', startedAt: start }),
    ).toThrow(/names calendar office but it was not resolved/);
  });
});

describe('SlaConfig', () => {
  it('names the policy field that points at an unknown calendar', () => {
    const result = SlaConfig.safeParse({
      policies: [{ ...DEFAULT_SLA_POLICY, calendar: 'office' }],
    });
    expect(result.error?.issues[0]?.path).toEqual(['policies', 0, 'calendar']);
    expect(result.error?.issues[0]?.message).toMatch(/no calendar with id office/);
  });

  it('refuses levels listed out of order', () => {
    const result = SlaConfig.safeParse({
      policies: [
        {
          ...DEFAULT_SLA_POLICY,
          escalation: {
            levels: [
              { level: 2, after: '15m', channels: ['pagerduty'] },
              { level: 1, after: '0m', channels: ['slack'] },
            ],
          },
        },
      ],
    });
    expect(result.error?.issues[0]?.path).toEqual(['policies', 0, 'escalation', 'levels']);
  });
});

describe('escalation ladder properties', () => {
  it('walking the ladder with dueStep and nextStep fires every step once, in time order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Priority.options),
        fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 20 }),
        (priority, sweepGaps) => {
          const target = { P1: 15, P2: 60, P3: 240, P4: 1440 }[priority];
          const ladder = ladderOf(priority, plus(target));
          const state = { level: 0, warned: false };
          let pending = pendingStep(ladder, state);
          const fired: LadderStep[] = [];
          let now = start.getTime();
          const sweepAt = (at: number) => {
            for (let step = dueStep(ladder, state, new Date(at)); step; ) {
              fired.push(step);
              if (step.kind === 'warning') state.warned = true;
              else state.level = step.level;
              pending = nextStep(ladder, step);
              step = dueStep(ladder, state, new Date(at));
            }
          };
          for (const gap of sweepGaps) {
            now += gap * MINUTE;
            sweepAt(now);
          }
          sweepAt(now + 3 * 24 * 60 * MINUTE);
          const levels = fired.filter((step) => step.kind === 'level');
          // Every level of the ladder fired exactly once, in order, and nothing is left pending.
          expect(levels).toEqual(ladder.filter((step) => step.kind === 'level'));
          expect(fired.filter((step) => step.kind === 'warning').length).toBeLessThanOrEqual(1);
          expect(pending).toBeUndefined();
          const times = fired.map((step) => step.dueAt);
          expect([...times].sort()).toEqual(times);
        },
      ),
    );
  });
});
