import type { z } from 'zod';
import type { Actor, Case, CaseSla, TimelineEntry } from '../../contracts/case';
import { caseEventDetail } from '../../contracts/case-event-detail';
import {
  CaseAcknowledged,
  type CaseEventDetail,
  CaseReopened,
  CaseResolved,
  CaseResponded,
  type EventDefinition,
} from '../../contracts/events';
import { type Intent, mostUrgent, type TriageCorrection } from '../../contracts/triage';
import { selectPolicy, startSlaClock } from '../sla/deadlines';
import type { SlaPolicy } from '../sla/policy';

/** What an agent (or an on-call person from Slack) does to one case. */
export type CaseAction =
  | { readonly type: 'acknowledge' }
  | { readonly type: 'assign'; readonly assignee: string | null }
  | { readonly type: 'respond'; readonly text?: string; readonly url?: string }
  | { readonly type: 'resolve'; readonly reason?: string }
  | { readonly type: 'reopen'; readonly reason?: string }
  | { readonly type: 'note'; readonly text: string }
  | { readonly type: 'correctTriage'; readonly correction: TriageCorrection };

export type CaseActionType = CaseAction['type'];

/** The action does not apply to the case as it is now (e.g. resolving a resolved case). */
export class CaseTransitionError extends Error {
  override name = 'CaseTransitionError';
  constructor(
    readonly code: 'invalid_transition' | 'invalid_merge',
    message: string,
    readonly current: Pick<Case, 'caseId' | 'version' | 'status'>,
  ) {
    super(message);
  }
}

/** An event to publish once the change is stored. */
export interface PendingCaseEvent {
  readonly definition: EventDefinition<z.ZodType>;
  readonly detail: CaseEventDetail;
}

/**
 * One case changed by an action: the new case, its timeline entry and its events. What it adds to
 * the reports is read from the table's stream.
 */
export interface CaseChange {
  readonly before: Case;
  readonly after: Case;
  readonly entry: TimelineEntry;
  readonly events: PendingCaseEvent[];
}

const actionEvent = (
  definition: EventDefinition<z.ZodType>,
  subject: Case,
  actor: Actor,
  now: Date,
): PendingCaseEvent => ({
  definition,
  detail: { ...caseEventDetail(subject, now), actor } as CaseEventDetail,
});

/** The clock keeps its record (deadline, levels fired) but nothing more escalates. */
const stopClock = (sla: CaseSla | undefined): CaseSla | undefined => {
  if (!sla) return undefined;
  const { next: _stopped, ...stopped } = sla;
  return stopped;
};

const refuse = (subject: Case, message: string): never => {
  throw new CaseTransitionError('invalid_transition', message, subject);
};

const requireNotMerged = (subject: Case): void => {
  if (subject.mergedInto) {
    refuse(subject, `case ${subject.caseId} was merged into ${subject.mergedInto}`);
  }
};

/**
 * Applies an action to a case: the rules of what may happen in which status, the SLA clock
 * (acknowledging stops escalation; responding and resolving stop the clock; reopening starts
 * a new one), the timeline entry and the events to publish. Throws CaseTransitionError when
 * the action does not apply.
 */
export const applyCaseAction = (input: {
  current: Case;
  action: CaseAction;
  actor: Actor;
  now: Date;
  policies: readonly SlaPolicy[];
}): CaseChange => {
  const { current, action, actor, now } = input;
  const at = now.toISOString();
  const base = { ...current, version: current.version + 1, updatedAt: at };
  const entry = (type: TimelineEntry['type'], detail: Record<string, unknown> = {}) => ({
    at,
    type,
    actor,
    detail,
  });

  switch (action.type) {
    case 'acknowledge': {
      requireNotMerged(current);
      if (current.status !== 'open') {
        refuse(
          current,
          `case ${current.caseId} is ${current.status}; only open cases are acknowledged`,
        );
      }
      const after: Case = {
        ...base,
        status: 'acknowledged',
        acknowledgedAt: at,
        acknowledgedBy: actor.id,
        sla: stopClock(current.sla),
      };
      return {
        before: current,
        after,
        entry: entry('acknowledged'),
        events: [actionEvent(CaseAcknowledged, after, actor, now)],
      };
    }
    case 'assign': {
      requireNotMerged(current);
      const { assignee: _previous, ...unassigned } = base;
      const after: Case = action.assignee ? { ...base, assignee: action.assignee } : unassigned;
      return {
        before: current,
        after,
        entry: entry('assigned', {
          assignee: action.assignee,
          ...(current.assignee ? { previous: current.assignee } : {}),
        }),
        // No rule or subscriber consumes Case Updated: nothing to publish.
        events: [],
      };
    }
    case 'respond': {
      requireNotMerged(current);
      if (current.status === 'resolved') {
        refuse(current, `case ${current.caseId} is resolved; reopen it before responding`);
      }
      const first = current.firstResponseAt === undefined;
      const after: Case = {
        ...base,
        status: 'responded',
        respondedAt: at,
        sla: stopClock(current.sla),
        ...(first
          ? {
              firstResponseAt: at,
              firstResponseSeconds: Math.max(
                0,
                (now.getTime() - Date.parse(current.openedAt)) / 1000,
              ),
            }
          : {}),
      };
      return {
        before: current,
        after,
        entry: entry('responded', {
          ...(action.text ? { text: action.text } : {}),
          ...(action.url ? { url: action.url } : {}),
          first,
        }),
        events: [actionEvent(CaseResponded, after, actor, now)],
      };
    }
    case 'resolve': {
      requireNotMerged(current);
      if (current.status === 'resolved')
        refuse(current, `case ${current.caseId} is already resolved`);
      const after: Case = {
        ...base,
        status: 'resolved',
        resolvedAt: at,
        sla: stopClock(current.sla),
      };
      return {
        before: current,
        after,
        entry: entry('resolved', action.reason ? { reason: action.reason } : {}),
        events: [actionEvent(CaseResolved, after, actor, now)],
      };
    }
    case 'reopen': {
      requireNotMerged(current);
      if (current.status !== 'resolved') {
        refuse(current, `case ${current.caseId} is ${current.status}; only resolved cases reopen`);
      }
      const { resolvedAt: _resolved, sla: _old, ...rest } = base;
      const sla = startSlaClock({
        policy: selectPolicy(input.policies, current),
        priority: current.priority,
        clock: current.firstResponseAt ? 'next_response' : 'first_response',
        startedAt: now,
      });
      const after: Case = { ...rest, status: 'open', ...(sla ? { sla } : {}) };
      return {
        before: current,
        after,
        entry: entry('reopened', action.reason ? { reason: action.reason } : {}),
        events: [actionEvent(CaseReopened, after, actor, now)],
      };
    }
    case 'correctTriage': {
      requireNotMerged(current);
      const after = correctTriage({
        current,
        base,
        correction: action.correction,
        now,
        policies: input.policies,
      });
      return {
        before: current,
        after,
        entry: entry('triage_corrected', {
          ...action.correction,
          previous: {
            priority: current.priority,
            sentiment: current.sentiment,
            intents: current.intents,
            needsResponse: current.needsResponse,
          },
        }),
        // No rule or subscriber consumes Case Updated: nothing to publish.
        events: [],
      };
    }
    case 'note':
      return {
        before: current,
        after: base,
        entry: entry('note', { text: action.text }),
        events: [],
      };
  }
};

/** The intents after a correction: given ones replace triage's; "not a complaint" removes one. */
const correctedIntents = (current: readonly Intent[], correction: TriageCorrection): Intent[] => {
  let intents = [...(correction.intents ?? current)];
  if (correction.complaint === false) intents = intents.filter((intent) => intent !== 'complaint');
  if (correction.complaint === true && !intents.includes('complaint')) {
    intents = ['complaint', ...intents.filter((intent) => intent !== 'irrelevant')];
  }
  return intents.length > 0 ? intents : ['irrelevant'];
};

/**
 * A person corrects triage: the case takes the corrected sentiment, intents, priority and reply
 * decision, and its deadline follows. A new priority re-times the running clock from when it
 * started (a deadline already past escalates on the next sweep); "needs no reply" stops the
 * clock; "needs a reply" on an open case without one starts it now.
 */
const correctTriage = (input: {
  current: Case;
  base: Case;
  correction: TriageCorrection;
  now: Date;
  policies: readonly SlaPolicy[];
}): Case => {
  const { current, base, correction, now } = input;
  const priority = correction.priority ?? current.priority;
  const needsResponse = correction.needsResponse ?? current.needsResponse;
  let sla = current.sla;
  if (!needsResponse) {
    sla = stopClock(sla);
  } else if (sla?.next && priority !== current.priority) {
    sla = startSlaClock({
      policy: selectPolicy(input.policies, current),
      priority,
      clock: sla.clock,
      startedAt: new Date(sla.startedAt),
    });
  } else if (!sla?.next && !current.needsResponse && current.status === 'open') {
    sla = startSlaClock({
      policy: selectPolicy(input.policies, current),
      priority,
      clock: current.firstResponseAt ? 'next_response' : 'first_response',
      startedAt: now,
    });
  }
  const { sla: _previous, ...rest } = base;
  return {
    ...rest,
    priority,
    needsResponse,
    sentiment: correction.sentiment ?? current.sentiment,
    intents: correctedIntents(current.intents, correction),
    ...(sla ? { sla } : {}),
  };
};

const union = <T>(a: readonly T[], b: readonly T[]): T[] => [...new Set([...a, ...b])];
const later = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);

/** The running clock with the earlier pending step wins: merging never loosens a deadline. */
const tighterClock = (a: CaseSla | undefined, b: CaseSla | undefined): CaseSla | undefined => {
  if (!a?.next) return b?.next ? b : a;
  if (!b?.next) return a;
  return Date.parse(b.dueAt) < Date.parse(a.dueAt) ? b : a;
};

/** Two cases merged: the surviving target and the source, resolved into it. */
export interface CaseMerge {
  readonly target: CaseChange;
  readonly source: CaseChange;
}

/**
 * Merges `source` into `target`: both must belong to the same customer (the same author, or
 * identities linked to it), the target must be unresolved. The target takes the source's
 * mentions (by reference, `mergedFrom`), the more urgent priority and the tighter deadline; the
 * source is resolved with `mergedInto`.
 */
export const mergeCases = (input: {
  target: Case;
  source: Case;
  /** Author keys linked to the target's author (the same person elsewhere). */
  linkedAuthorKeys: readonly string[];
  actor: Actor;
  now: Date;
}): CaseMerge => {
  const { target, source, actor, now } = input;
  const at = now.toISOString();
  const invalid = (message: string): never => {
    throw new CaseTransitionError('invalid_merge', message, target);
  };
  if (target.caseId === source.caseId) invalid('a case cannot be merged into itself');
  if (target.mergedInto) invalid(`case ${target.caseId} was merged into ${target.mergedInto}`);
  if (source.mergedInto) invalid(`case ${source.caseId} was merged into ${source.mergedInto}`);
  if (target.status === 'resolved') invalid(`case ${target.caseId} is resolved; reopen it first`);
  if (target.brand !== source.brand) invalid('cases of different brands cannot be merged');
  const sameCustomer =
    source.author.key === target.author.key || input.linkedAuthorKeys.includes(source.author.key);
  if (!sameCustomer) {
    invalid(
      `case ${source.caseId} belongs to ${source.author.key}, not to ${target.author.key} or an identity linked to it`,
    );
  }
  const latest =
    Date.parse(source.lastMentionAt) > Date.parse(target.lastMentionAt) ? source : target;
  const targetAfter: Case = {
    ...target,
    version: target.version + 1,
    updatedAt: at,
    priority: mostUrgent(target.priority, source.priority),
    needsResponse: target.needsResponse || source.needsResponse,
    intents: union(target.intents, source.intents),
    urgency: union(target.urgency, source.urgency),
    reasons: union(target.reasons, source.reasons),
    mentionCount: target.mentionCount + source.mentionCount,
    lastMentionAt: later(target.lastMentionAt, source.lastMentionAt),
    excerpt: latest.excerpt,
    ...(latest.url ? { url: latest.url } : {}),
    sla: tighterClock(target.sla, source.sla),
    mergedFrom: union(target.mergedFrom ?? [], [source.caseId, ...(source.mergedFrom ?? [])]),
  };
  const sourceAfter: Case = {
    ...source,
    version: source.version + 1,
    updatedAt: at,
    status: 'resolved',
    resolvedAt: at,
    mergedInto: target.caseId,
    sla: stopClock(source.sla),
  };
  return {
    target: {
      before: target,
      after: targetAfter,
      entry: { at, type: 'merged', actor, detail: { from: source.caseId } },
      events: [],
    },
    source: {
      before: source,
      after: sourceAfter,
      entry: { at, type: 'merged', actor, detail: { into: target.caseId } },
      events: [actionEvent(CaseResolved, sourceAfter, actor, now)],
    },
  };
};
