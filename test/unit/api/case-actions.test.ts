import type { Case } from '../../../shared/contracts/case';
import {
  applyCaseAction,
  CaseTransitionError,
  mergeCases,
} from '../../../shared/domain/cases/case-actions';
import { firstResponseFact } from '../../../shared/domain/cases/reports';
import { DEFAULT_SLA_POLICY, SlaPolicy } from '../../../shared/domain/sla/policy';

const policies = [SlaPolicy.parse(DEFAULT_SLA_POLICY)];
const agent = { type: 'agent' as const, id: 'priya' };
const now = new Date('2025-05-13T09:24:07.000Z');

const openCase = (overrides: Partial<Case> = {}): Case => ({
  caseId: 'c_refund',
  version: 3,
  brand: 'acme-air',
  source: 'x',
  conversationId: '1790001122334455667',
  author: { key: 'x#2244994945', id: '2244994945', source: 'x', handle: 'danawhit' },
  status: 'open',
  priority: 'P2',
  needsResponse: true,
  amplify: false,
  chronic: false,
  sentiment: 'negative',
  intents: ['complaint'],
  urgency: [],
  reasons: ['complaint about a refund'],
  excerpt: 'still waiting for my refund, order #48213',
  mentionCount: 1,
  openedAt: '2025-05-13T09:14:07.000Z',
  updatedAt: '2025-05-13T09:14:07.000Z',
  lastMentionAt: '2025-05-13T09:14:07.000Z',
  sla: {
    policyId: 'default',
    clock: 'first_response',
    startedAt: '2025-05-13T09:14:07.000Z',
    dueAt: '2025-05-13T10:14:07.000Z',
    next: { kind: 'warning', level: 0, dueAt: '2025-05-13T10:02:07.000Z' },
    level: 0,
    warned: false,
  },
  ...overrides,
});

const act = (current: Case, action: Parameters<typeof applyCaseAction>[0]['action']) =>
  applyCaseAction({ current, action, actor: agent, now, policies });

describe('applyCaseAction', () => {
  it('acknowledges an open case: no further escalation step, the deadline kept', () => {
    const change = act(openCase(), { type: 'acknowledge' });
    expect(change.after).toMatchObject({
      status: 'acknowledged',
      version: 4,
      acknowledgedBy: 'priya',
      acknowledgedAt: now.toISOString(),
    });
    expect(change.after.sla?.next).toBeUndefined();
    expect(change.after.sla?.dueAt).toBe('2025-05-13T10:14:07.000Z');
    expect(change.events.map((event) => event.definition.detailType)).toEqual([
      'Case Acknowledged',
    ]);
    expect(change.entry).toMatchObject({ type: 'acknowledged', actor: agent });
  });

  it('records the first response with its seconds and counts it, met within the deadline', () => {
    const change = act(openCase(), { type: 'respond', text: 'Sorry Dana, on it.' });
    expect(change.after).toMatchObject({
      status: 'responded',
      firstResponseAt: now.toISOString(),
      firstResponseSeconds: 600,
    });
    expect(firstResponseFact(change.after)).toMatchObject({
      kind: 'first_response',
      seconds: 600,
      slaMet: true,
      priority: 'P2',
    });
  });

  it('keeps the first response on a later response', () => {
    const responded = act(openCase(), { type: 'respond', url: 'https://x.com/AcmeAir/status/1' });
    const again = act(responded.after, { type: 'respond', text: 'Following up.' });
    expect(again.after.firstResponseAt).toBe(responded.after.firstResponseAt);
    expect(again.entry.detail).toMatchObject({ first: false });
  });

  it('reopens a resolved case with a new next-response clock', () => {
    const responded = act(openCase(), { type: 'respond', text: 'Done.' }).after;
    const resolved = act(responded, { type: 'resolve' }).after;
    expect(resolved.sla?.next).toBeUndefined();
    const reopened = act(resolved, { type: 'reopen', reason: 'not arrived' }).after;
    expect(reopened.status).toBe('open');
    expect(reopened.resolvedAt).toBeUndefined();
    expect(reopened.sla).toMatchObject({
      clock: 'next_response',
      startedAt: now.toISOString(),
      dueAt: '2025-05-13T10:24:07.000Z',
    });
    expect(reopened.sla?.next).toBeDefined();
  });

  it('assigns and unassigns, and notes without changing the status', () => {
    const assignment = act(openCase(), { type: 'assign', assignee: 'marco' });
    const assigned = assignment.after;
    expect(assigned.assignee).toBe('marco');
    // Nothing consumes a Case Updated: an assignment publishes nothing.
    expect(assignment.events).toEqual([]);
    expect(act(assigned, { type: 'assign', assignee: null }).after).not.toHaveProperty('assignee');
    const noted = act(openCase(), { type: 'note', text: 'VIP customer' });
    expect(noted.after.status).toBe('open');
    expect(noted.events).toEqual([]);
  });

  it.each([
    ['acknowledge', { status: 'acknowledged' }],
    ['acknowledge', { status: 'resolved' }],
    ['resolve', { status: 'resolved' }],
    ['reopen', { status: 'open' }],
    ['respond', { status: 'resolved' }],
    ['assign', { mergedInto: 'c_other' }],
  ] as const)('refuses to %s a case that is %o', (type, overrides) => {
    const action =
      type === 'respond'
        ? { type, text: 'hi' }
        : type === 'assign'
          ? { type, assignee: 'x' }
          : { type };
    expect(() => act(openCase(overrides), action)).toThrow(CaseTransitionError);
  });
});

describe('mergeCases', () => {
  const source = openCase({
    caseId: 'c_upgrade',
    version: 2,
    conversationId: '1790007700112233440',
    priority: 'P1',
    intents: ['request'],
    mentionCount: 2,
    lastMentionAt: '2025-05-13T09:20:00.000Z',
    excerpt: 'my seat upgrade never showed',
    sla: {
      policyId: 'default',
      clock: 'first_response',
      startedAt: '2025-05-13T09:18:00.000Z',
      dueAt: '2025-05-13T09:33:00.000Z',
      next: { kind: 'warning', level: 0, dueAt: '2025-05-13T09:30:00.000Z' },
      level: 0,
      warned: false,
    },
  });

  it('joins the source into the target: priority, intents, tighter deadline, source resolved', () => {
    const merge = mergeCases({
      target: openCase(),
      source,
      linkedAuthorKeys: [],
      actor: agent,
      now,
    });
    expect(merge.target.after).toMatchObject({
      version: 4,
      priority: 'P1',
      intents: ['complaint', 'request'],
      mentionCount: 3,
      excerpt: 'my seat upgrade never showed',
      mergedFrom: ['c_upgrade'],
    });
    expect(merge.target.after.sla?.dueAt).toBe('2025-05-13T09:33:00.000Z');
    expect(merge.target.events).toEqual([]);
    expect(merge.source.events.map((event) => event.definition.detailType)).toEqual([
      'Case Resolved',
    ]);
    expect(merge.source.after).toMatchObject({
      status: 'resolved',
      mergedInto: 'c_refund',
      version: 3,
    });
    expect(merge.source.after.sla?.next).toBeUndefined();
    expect(merge.source.events.map((event) => event.definition.detailType)).toEqual([
      'Case Resolved',
    ]);
  });

  it('refuses another customer unless their identity is linked', () => {
    const stranger = { ...source, author: { ...source.author, key: 'facebook#6021187733' } };
    const attempt = (linked: string[]) => () =>
      mergeCases({
        target: openCase(),
        source: stranger,
        linkedAuthorKeys: linked,
        actor: agent,
        now,
      });
    expect(attempt([])).toThrow(/not to x#2244994945/);
    expect(attempt(['facebook#6021187733'])).not.toThrow();
  });

  it('refuses merging a case into itself, into a resolved case, or across brands', () => {
    const attempt = (target: Case, from: Case) => () =>
      mergeCases({ target, source: from, linkedAuthorKeys: [], actor: agent, now });
    expect(attempt(openCase(), openCase())).toThrow(CaseTransitionError);
    expect(attempt(openCase({ status: 'resolved' }), source)).toThrow(/resolved/);
    expect(attempt(openCase(), { ...source, brand: 'globex' })).toThrow(/brands/);
  });
});
