/**
 * Answering an incident as one: one reply to every case still open in it, each through the case's
 * own outbox and platform sender, and resolving the incident together with its cases. Each case
 * keeps its own history: its reply and its resolution are on its own timeline.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../contracts/case';
import { IncidentResolved } from '../contracts/events';
import type { Incident } from '../contracts/incident';
import type { ReplyState, ReplyVisibility } from '../contracts/reply';
import { ReplyNotPossibleError } from '../domain/replies/reply-plan';
import { actOnCurrentCase, type CaseChangeDeps } from './case-changes';
import { incidentEventDetail } from './incident-tracker';
import { CaseNotFoundError, CaseVersionConflictError } from './ports/case-errors';
import type { IncidentCases } from './ports/incident-records';
import type { ReplyPacer } from './ports/replies';
import { ReplyNotQueuedError, type RequestReplyDeps, requestReply } from './request-reply';

/** Cases handled at once. */
const CONCURRENCY = 10;
/** Attempts at one case's reply while the case keeps changing under it. */
const REPLY_ATTEMPTS = 3;

/** No incident has the id asked for. */
export class IncidentNotFoundError extends Error {
  override name = 'IncidentNotFoundError';
  constructor(readonly incidentId: string) {
    super(`no incident ${incidentId}`);
  }
}

/** A case the reply is not sent to, and why. */
class CaseSkipped extends Error {
  override name = 'CaseSkipped';
}

/**
 * The id of the reply one request makes on one case: the same for every retry of the request (its
 * idempotency key), so a retried request finds the reply it stored before instead of another.
 */
export const incidentReplyId = (incidentId: string, idempotencyKey: string, caseId: string) =>
  `r_${createHash('sha256').update(`${incidentId}\n${idempotencyKey}\n${caseId}`).digest('base64url').slice(0, 26)}`;

export interface IncidentReplyRequest {
  readonly incidentId: string;
  /** Chosen by the caller and sent again with a retry: each case gets the reply once. */
  readonly idempotencyKey: string;
  readonly text: string;
  readonly visibility: ReplyVisibility;
  readonly actor: Actor;
}

/** What the request did for one case of the incident. */
export type IncidentCaseReply =
  | {
      readonly caseId: string;
      readonly outcome: 'queued';
      readonly replyId: string;
      /** Its turn under the platform's rate limit, when later than now. */
      readonly sendAfter?: string;
    }
  | {
      readonly caseId: string;
      /** An earlier call with the same key stored it; its state now. */
      readonly outcome: 'already_requested';
      readonly replyId: string;
      readonly state: ReplyState;
    }
  | { readonly caseId: string; readonly outcome: 'skipped'; readonly reason: string };

export interface IncidentReplyDeps {
  readonly incidents: Pick<IncidentCases, 'get' | 'caseIds'>;
  readonly replies: Omit<RequestReplyDeps, 'newId' | 'pacer'> & { readonly pacer: ReplyPacer };
}

const requireIncident = async (
  incidents: Pick<IncidentCases, 'get'>,
  incidentId: string,
): Promise<Incident> => {
  const found = await incidents.get(incidentId);
  if (!found) throw new IncidentNotFoundError(incidentId);
  return found;
};

/** Runs `work` on every item, `CONCURRENCY` at a time, keeping the order of the results. */
const inBatches = async <T, R>(items: readonly T[], work: (item: T) => Promise<R>) => {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += CONCURRENCY) {
    results.push(...(await Promise.all(items.slice(start, start + CONCURRENCY).map(work))));
  }
  return results;
};

/**
 * Stores the reply in the outbox of every case of the incident that is not resolved, each in its
 * turn under its platform's rate limit, and queues it for the sender, which posts it once. A
 * retry with the same idempotency key stores nothing twice; a reply it finds stored but never
 * attempted is queued again (the sender's claim keeps a second message from posting it twice).
 */
export const replyToIncident = async (
  deps: IncidentReplyDeps,
  request: IncidentReplyRequest,
): Promise<{ incident: Incident; cases: IncidentCaseReply[] }> => {
  const incident = await requireIncident(deps.incidents, request.incidentId);
  const caseIds = await deps.incidents.caseIds(incident.incidentId);
  const cases = await inBatches(caseIds, (caseId) => replyToCase(deps, request, caseId));
  return { incident, cases };
};

const replyToCase = async (
  deps: IncidentReplyDeps,
  request: IncidentReplyRequest,
  caseId: string,
): Promise<IncidentCaseReply> => {
  const { outbox, queue } = deps.replies;
  const replyId = incidentReplyId(request.incidentId, request.idempotencyKey, caseId);
  const earlier = async (): Promise<IncidentCaseReply | undefined> => {
    const stored = await outbox.get(caseId, replyId);
    if (!stored) return undefined;
    if (stored.state === 'queued' && stored.attemptedAt === undefined) {
      await queue.enqueue({ type: 'reply.send', caseId, replyId });
    }
    return { caseId, outcome: 'already_requested', replyId, state: stored.state };
  };
  const found = await earlier();
  if (found) return found;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const [reply] = await requestReply(
        { ...deps.replies, newId: () => replyId },
        {
          caseId,
          actor: request.actor,
          replies: (subject) => {
            if (subject.status === 'resolved') throw new CaseSkipped('the case is resolved');
            return [{ visibility: request.visibility, text: request.text }];
          },
        },
      );
      const sendAfter = reply?.problem?.retryAt;
      return { caseId, outcome: 'queued', replyId, ...(sendAfter ? { sendAfter } : {}) };
    } catch (error) {
      if (error instanceof CaseSkipped || error instanceof ReplyNotPossibleError) {
        return { caseId, outcome: 'skipped', reason: error.message };
      }
      if (error instanceof CaseNotFoundError) {
        return { caseId, outcome: 'skipped', reason: 'the case no longer exists' };
      }
      if (error instanceof ReplyNotQueuedError) {
        return { caseId, outcome: 'skipped', reason: `${error.message}; send it again` };
      }
      // A concurrent call with the same key stored it first.
      const stored = await earlier();
      if (stored) return stored;
      if (!(error instanceof CaseVersionConflictError) || attempt >= REPLY_ATTEMPTS) throw error;
    }
  }
};

export interface IncidentResolutionDeps extends CaseChangeDeps {
  readonly incidents: IncidentCases;
}

/**
 * Resolves the incident — it takes in no more cases and its alerts resolve (Incident Resolved) —
 * then each of its cases, as resolving the case on its own would (so a case paged before it
 * joined resolves its own alert). Safe to call again: it resolves the cases still open and
 * announces nothing twice.
 */
export const resolveIncident = async (
  deps: IncidentResolutionDeps,
  request: { incidentId: string; actor: Actor; reason?: string },
): Promise<{ incident: Incident; resolvedCases: number; unchangedCases: number }> => {
  const incident = await requireIncident(deps.incidents, request.incidentId);
  const now = deps.clock.now();
  let current = incident;
  if (incident.status === 'open') {
    const resolved = await deps.incidents.resolve(incident, request.actor, now);
    if (resolved) {
      current = resolved;
      await deps.publisher.publishAll([
        {
          definition: IncidentResolved,
          detail: incidentEventDetail(resolved, resolved.channels, now),
        },
      ]);
    } else {
      current = await requireIncident(deps.incidents, request.incidentId);
    }
  }
  const caseIds = await deps.incidents.caseIds(incident.incidentId);
  const reason = request.reason ?? `incident ${incident.incidentId} resolved`;
  const outcomes = await inBatches(caseIds, (caseId) =>
    actOnCurrentCase(deps, caseId, { type: 'resolve', reason }, request.actor),
  );
  const resolvedCases = outcomes.filter((outcome) => outcome === 'done').length;
  return { incident: current, resolvedCases, unchangedCases: caseIds.length - resolvedCases };
};
