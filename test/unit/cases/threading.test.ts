import fc from 'fast-check';
import type { Case } from '../../../shared/contracts/case';
import { Priority, priorityRank } from '../../../shared/contracts/triage';
import {
  type CustomerMentionInput,
  canJoin,
  excerptOf,
  recordBrandReply,
  threadCustomerMention,
} from '../../../shared/domain/cases/threading';
import { DEFAULT_SLA_POLICY, SlaPolicy } from '../../../shared/domain/sla/policy';
import {
  brandReply,
  complaintDecision,
  praiseDecision,
  praiseReview,
  refundComplaint,
  safetyDecision,
  safetyFollowUp,
} from '../../fixtures/cases/mentions';

const slaPolicy = SlaPolicy.parse(DEFAULT_SLA_POLICY);
const MINUTE = 60_000;
const openedAt = new Date('2025-05-13T09:14:30.000Z');
const minutesIn = (minutes: number) => new Date(openedAt.getTime() + minutes * MINUTE);

/** Threads a mention under the default SLA policy; by default Dana's refund complaint, opened. */
const thread = (input: Partial<CustomerMentionInput> = {}) =>
  threadCustomerMention({
    mention: refundComplaint(),
    decision: complaintDecision(),
    candidate: undefined,
    newCaseId: 'case-refund',
    slaPolicy,
    threadWindowHours: 72,
    now: openedAt,
    ...input,
  });

const openRefundCase = (): Case => thread().case;

/** The refund case once the brand answered it on the platform, 18 minutes in. */
const answeredRefundCase = (): Case =>
  recordBrandReply({ reply: brandReply(), target: openRefundCase(), now: minutesIn(18) }).case;

/** A safety follow-up threaded at `now` with `candidate` as the customer's open case. */
const follow = (candidate: Case, now: Date, overrides: Partial<CustomerMentionInput> = {}) =>
  thread({
    mention: safetyFollowUp(),
    decision: safetyDecision(),
    candidate,
    newCaseId: 'case-new',
    now,
    ...overrides,
  });

describe('threadCustomerMention', () => {
  it('opens a case with a first-response clock when the customer has no open case', () => {
    const outcome = thread();

    expect(outcome.kind).toBe('opened');
    expect(outcome.case).toMatchObject({
      caseId: 'case-refund',
      version: 1,
      status: 'open',
      priority: 'P3',
      mentionCount: 1,
      author: { key: 'x#2244994945', handle: 'danawhit' },
      conversationId: '1790001122334455667',
      openedAt: openedAt.toISOString(),
      lastMentionAt: '2025-05-13T09:14:07.000Z',
      sla: {
        clock: 'first_response',
        dueAt: minutesIn(240).toISOString(),
        next: { kind: 'warning', level: 0, dueAt: minutesIn(192).toISOString() },
      },
    });
    expect(outcome.timeline.map((entry) => entry.type)).toEqual(['opened']);
  });

  it('opens praise that needs no response as an amplify case without an SLA clock', () => {
    const outcome = thread({
      mention: praiseReview(),
      decision: praiseDecision(),
      newCaseId: 'case-praise',
    });

    expect(outcome.case).toMatchObject({ amplify: true, needsResponse: false, priority: 'P4' });
    expect(outcome.case.sla).toBeUndefined();
  });

  it('joins the open case when the same customer writes in the same conversation within the window', () => {
    const outcome = follow(openRefundCase(), minutesIn(48), {
      decision: complaintDecision(),
    });

    expect(outcome.kind).toBe('joined');
    expect(outcome.case).toMatchObject({
      caseId: 'case-refund',
      version: 2,
      mentionCount: 2,
      priority: 'P3',
      lastMentionAt: '2025-05-13T10:02:41.000Z',
      excerpt: expect.stringContaining('sparking'),
    });
    expect(outcome.case.sla?.dueAt).toBe(minutesIn(240).toISOString());
    expect(outcome.timeline).toEqual([
      expect.objectContaining({
        type: 'mention',
        detail: expect.objectContaining({ followUp: true }),
      }),
    ]);
  });

  it('keeps the excerpt of the latest mention when an older mention is delivered late', () => {
    const latest = follow(openRefundCase(), minutesIn(48), { decision: complaintDecision() }).case;

    const outcome = follow(latest, minutesIn(50), {
      mention: refundComplaint({
        id: 'x:1790000011223344556',
        nativeId: '1790000011223344556',
        text: '@AcmeAir my refund for order #48213 has not arrived.',
        createdAt: '2025-05-13T09:02:00.000Z',
      }),
      decision: complaintDecision(),
    });

    expect(outcome.kind).toBe('joined');
    expect(outcome.case).toMatchObject({
      mentionCount: 3,
      lastMentionAt: '2025-05-13T10:02:41.000Z',
      excerpt: latest.excerpt,
    });
  });

  it('opens a new case when the open case went quiet for longer than the window', () => {
    const outcome = follow(openRefundCase(), minutesIn(73 * 60), {
      mention: safetyFollowUp({ createdAt: minutesIn(73 * 60).toISOString() }),
    });

    expect(outcome.kind).toBe('opened');
    expect(outcome.case.caseId).toBe('case-new');
  });

  it('opens a new case when the candidate is resolved', () => {
    const outcome = follow({ ...openRefundCase(), status: 'resolved' }, minutesIn(48));

    expect(outcome.kind).toBe('opened');
  });

  it('raises the priority and tightens the deadline when a worse mention joins', () => {
    const outcome = follow(openRefundCase(), minutesIn(48));

    expect(outcome.kind).toBe('joined');
    expect(outcome.case.priority).toBe('P1');
    expect(outcome.case.urgency).toEqual(['safety']);
    expect(outcome.case.sla).toMatchObject({
      clock: 'first_response',
      startedAt: openedAt.toISOString(),
      dueAt: minutesIn(48 + 15).toISOString(),
      next: { kind: 'warning', dueAt: minutesIn(48 + 12).toISOString() },
    });
    expect(outcome.timeline).toEqual([
      expect.objectContaining({ type: 'mention' }),
      expect.objectContaining({
        type: 'priority_raised',
        detail: expect.objectContaining({
          from: 'P3',
          to: 'P1',
          previousDueAt: minutesIn(240).toISOString(),
          dueAt: minutesIn(63).toISOString(),
        }),
      }),
    ]);
  });

  it("adds a follow-up's reasons to the case only when it raises the priority", () => {
    const opened = openRefundCase();
    const chasing = follow(opened, minutesIn(30), {
      decision: complaintDecision({ reasons: ['complaint about a refund', 'chasing, 2 mentions'] }),
    }).case;
    expect(chasing.priority).toBe('P3');
    expect(chasing.reasons).toEqual(opened.reasons);
    expect(chasing.suggestedReply).toBe(opened.suggestedReply);

    const raised = follow(chasing, minutesIn(48)).case;
    expect(raised.reasons).toEqual([...opened.reasons, 'safety risk mentioned']);
    expect(raised.suggestedReply).toBe(safetyDecision().suggestedReply);
  });

  it('keeps an earlier deadline when the raised priority would set a later one', () => {
    const outcome = follow(openRefundCase(), minutesIn(235));

    expect(outcome.case.priority).toBe('P1');
    expect(outcome.case.sla?.dueAt).toBe(minutesIn(240).toISOString());
  });

  it('goes straight to the breach step when the tightened clock was already warned', () => {
    const warned = openRefundCase();
    const sla = warned.sla;
    if (!sla) throw new Error('fixture case has no clock');
    const outcome = follow({ ...warned, sla: { ...sla, warned: true } }, minutesIn(48));

    expect(outcome.case.sla?.next).toEqual({
      kind: 'level',
      level: 1,
      dueAt: minutesIn(63).toISOString(),
    });
  });

  it('never lowers the priority when a milder mention joins', () => {
    const urgent = follow(openRefundCase(), minutesIn(48)).case;
    const outcome = follow(urgent, minutesIn(50), {
      mention: refundComplaint({
        id: 'x:3',
        nativeId: '3',
        createdAt: minutesIn(50).toISOString(),
      }),
      decision: praiseDecision(),
    });

    expect(outcome.case.priority).toBe('P1');
    expect(outcome.case.amplify).toBe(true);
    expect(outcome.case.sla).toEqual(urgent.sla);
  });

  it('reopens a responded case with a next-response clock when the customer writes again', () => {
    const answered = answeredRefundCase();
    const outcome = follow(answered, minutesIn(48), { decision: complaintDecision() });

    expect(outcome.case.status).toBe('open');
    expect(outcome.case.sla).toMatchObject({
      clock: 'next_response',
      startedAt: minutesIn(48).toISOString(),
      dueAt: minutesIn(48 + 240).toISOString(),
    });
    expect(outcome.case.firstResponseAt).toBe(minutesIn(18).toISOString());
    expect(outcome.timeline.map((entry) => entry.type)).toEqual(['mention', 'reopened']);
  });

  it('keeps a responded case answered when the customer only says thanks', () => {
    const answered = answeredRefundCase();
    const outcome = follow(answered, minutesIn(48), { decision: praiseDecision() });

    expect(outcome.case.status).toBe('responded');
    expect(outcome.case.sla?.next).toBeUndefined();
  });

  it('never loosens the deadline nor lowers the priority, whatever joins', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Priority.options),
        fc.constantFrom(...Priority.options),
        fc.integer({ min: 0, max: 72 * 60 }),
        (first, second, minutes) => {
          const opened = thread({ decision: complaintDecision({ priority: first }) }).case;
          const joined = follow(opened, minutesIn(minutes), {
            decision: complaintDecision({ priority: second }),
          }).case;
          expect(priorityRank(joined.priority)).toBeLessThanOrEqual(priorityRank(first));
          expect(Date.parse(joined.sla?.dueAt ?? '')).toBeLessThanOrEqual(
            Date.parse(opened.sla?.dueAt ?? ''),
          );
        },
      ),
    );
  });
});

describe('canJoin', () => {
  it('refuses a case of another author', () => {
    const other = safetyFollowUp({ author: { id: '999', handle: 'someoneelse' } });

    expect(canJoin(openRefundCase(), other, 72)).toBe(false);
  });

  it('refuses a case merged into another', () => {
    expect(canJoin({ ...openRefundCase(), mergedInto: 'case-x' }, safetyFollowUp(), 72)).toBe(
      false,
    );
  });
});

describe('recordBrandReply', () => {
  it('records the first response and stops the clock when the brand replies on the platform', () => {
    const outcome = recordBrandReply({
      reply: brandReply(),
      target: openRefundCase(),
      now: minutesIn(18),
    });

    expect(outcome.kind).toBe('responded');
    expect(outcome.case).toMatchObject({
      status: 'responded',
      version: 2,
      firstResponseAt: minutesIn(18).toISOString(),
      firstResponseSeconds: 18 * 60,
      respondedAt: minutesIn(18).toISOString(),
      sla: { clock: 'first_response', dueAt: minutesIn(240).toISOString() },
    });
    expect(outcome.case.sla?.next).toBeUndefined();
    expect(outcome.kind === 'responded' && outcome.timeline[0]).toMatchObject({
      type: 'responded',
      actor: { type: 'platform', id: 'x:1452339950' },
    });
  });

  it('keeps the first response time when the brand answers a reopened case', () => {
    const answered = answeredRefundCase();
    const reopened = follow(answered, minutesIn(48), { decision: complaintDecision() }).case;
    const outcome = recordBrandReply({
      reply: brandReply({ id: 'x:2' }),
      target: reopened,
      now: minutesIn(60),
    });

    expect(outcome.case).toMatchObject({
      status: 'responded',
      firstResponseSeconds: 18 * 60,
      respondedAt: minutesIn(60).toISOString(),
    });
  });

  it('only notes a reply to a case that is already answered', () => {
    const answered = answeredRefundCase();
    const outcome = recordBrandReply({
      reply: brandReply({ id: 'x:2' }),
      target: answered,
      now: minutesIn(30),
    });

    expect(outcome.kind).toBe('noted');
    expect(outcome.case).toBe(answered);
  });
});

describe('excerptOf', () => {
  it('collapses whitespace and shortens long text with an ellipsis', () => {
    const excerpt = excerptOf(`line one\n\n  ${'word '.repeat(100)}`);

    expect(excerpt.startsWith('line one word')).toBe(true);
    expect(excerpt).toHaveLength(280);
    expect(excerpt.endsWith('…')).toBe(true);
  });
});
