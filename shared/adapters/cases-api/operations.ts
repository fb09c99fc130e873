/**
 * The operations of the cases API: each route's schemas and what it does. The router, the
 * OpenAPI document and the route test all read this one list.
 */
import * as z from 'zod';
import type { RouteAuth, RouteSpec } from '../../../infra/topology';
import type { Actor, Case } from '../../contracts/case';
import {
  AcknowledgeBody,
  AssignBody,
  CaseDetailResponse,
  CaseIdParams,
  CaseListResponse,
  CaseResponse,
  LinkAuthorsBody,
  LinkAuthorsResponse,
  ListCasesQuery,
  MergeBody,
  MergeResponse,
  NoteBody,
  ReopenBody,
  ReportQuery,
  ResolveBody,
  RespondBody,
  SlackActionsResponse,
} from '../../contracts/cases-api';
import type { SecretSource } from '../../contracts/secrets';
import {
  applyCaseAction,
  type CaseAction,
  type CaseChange,
  CaseTransitionError,
  mergeCases,
} from '../../domain/cases/case-actions';
import { ReportSummary, summarizeReport } from '../../domain/cases/reports';
import type { ResponderConfig } from '../../domain/config/responder-config';
import type { Clock } from '../../use-cases/ports/clock';
import { type CaseCommands, CaseVersionConflictError } from '../dynamodb/case-commands';
import type { ReportCounterStore } from '../dynamodb/report-counter-store';
import type { EventPublisher } from '../eventbridge/event-publisher';
import { badRequest, HttpError, notFound, unauthorized } from '../http/http-error';
import {
  parseSlackCaseRequests,
  type SlackCaseResult,
  slackCaseUpdateMessage,
  verifySlackRequest,
} from '../slack/slack-actions';
import type { SlackResponder } from '../slack/slack-responder';
import { caseSummary, matchesCaseFilter } from './case-filter';
import { openApiDocument } from './openapi';

/** What the operations use; built once by the function's composition root. */
export interface CasesApiDeps {
  readonly commands: CaseCommands;
  readonly counters: ReportCounterStore;
  readonly publisher: Pick<EventPublisher, 'publishAll'>;
  readonly clock: Clock;
  readonly config: ResponderConfig;
  readonly secrets: SecretSource;
  /** Real time in epoch milliseconds, for signature timestamp tolerance (not business time). */
  readonly realNow: () => number;
  /**
   * Told when a stored change's events could not be put on the bus after every attempt (the
   * request still succeeds); the composition root logs it and counts a metric.
   */
  readonly onEventsUnpublished: (error: CaseEventsUnpublishedError) => void;
  /** Updates the Slack message whose button was pressed. */
  readonly slack: Pick<SlackResponder, 'replaceMessage'>;
  /** Told when that update failed (the button's action itself went through). */
  readonly onSlackUpdateFailed: (error: unknown) => void;
  /** Pause before another PutEvents attempt; injectable so tests need not wait. */
  readonly publishBackoff?: (attempt: number) => Promise<void>;
}

/** A stored change's events did not reach the bus; the change itself is committed. */
export class CaseEventsUnpublishedError extends Error {
  override name = 'CaseEventsUnpublishedError';
  constructor(
    readonly caseIds: readonly string[],
    readonly detailTypes: readonly string[],
    options: { cause: unknown },
  ) {
    super(
      `case ${caseIds.join(', ')} changed but its events (${detailTypes.join(', ')}) were not published`,
      options,
    );
  }
}

/** PutEvents attempts for a stored change before it is reported as unpublished. */
const PUBLISH_ATTEMPTS = 3;

const exponentialBackoff = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, 100 * 2 ** (attempt - 1)));

export interface OperationInput {
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
  /** The caller on `user` routes; undefined on `none` routes. */
  readonly actor: Actor | undefined;
  readonly rawBody: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export interface Operation {
  readonly id: string;
  readonly method: RouteSpec['method'];
  readonly path: string;
  readonly auth: RouteAuth;
  readonly summary: string;
  readonly description?: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  /** A JSON body; operations that read the raw body (Slack) leave it unset. */
  readonly body?: z.ZodType;
  /** For the OpenAPI document: a body that is not JSON. */
  readonly formBody?: true;
  readonly response: z.ZodType;
  readonly run: (input: OperationInput, deps: CasesApiDeps) => Promise<unknown>;
}

/** Types an operation's parsed input by its schemas; the router has parsed them already. */
const operation = <
  P extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  B extends z.ZodType = z.ZodUnknown,
>(
  spec: Omit<Operation, 'run' | 'params' | 'query' | 'body'> & {
    params?: P;
    query?: Q;
    body?: B;
    run: (
      input: OperationInput & { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B> },
      deps: CasesApiDeps,
    ) => Promise<unknown>;
  },
): Operation => spec as Operation;

const requireActor = (actor: Actor | undefined): Actor => {
  if (!actor) throw unauthorized('unauthenticated', 'this route needs an authenticated caller');
  return actor;
};

const requireCase = async (deps: CasesApiDeps, caseId: string): Promise<Case> => {
  const found = await deps.commands.getCase(caseId);
  if (!found) throw notFound(`no case ${caseId}`);
  return found;
};

const requireVersion = (subject: Case, version: number): void => {
  if (subject.version !== version) throw new CaseVersionConflictError(subject.caseId, subject);
};

/**
 * Publishes the events of changes already committed. A failure must not become a 5xx: the change
 * is stored, and a caller retrying it would get a 409 or repeat a note. So PutEvents is retried,
 * and when it still fails the failure is reported (log and metric) and the request succeeds.
 */
const publish = async (deps: CasesApiDeps, changes: readonly CaseChange[]): Promise<void> => {
  const events = changes.flatMap((change) => change.events);
  const backoff = deps.publishBackoff ?? exponentialBackoff;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await deps.publisher.publishAll(events);
      return;
    } catch (error) {
      if (attempt >= PUBLISH_ATTEMPTS) {
        deps.onEventsUnpublished(
          new CaseEventsUnpublishedError(
            changes.map((change) => change.after.caseId),
            events.map((event) => event.definition.detailType),
            { cause: error },
          ),
        );
        return;
      }
      await backoff(attempt);
    }
  }
};

/**
 * Applies an action to a case at a known version (`'current'` acts on the case as it is now,
 * as a Slack button does); stores it conditionally, then publishes its events.
 */
export const actOnCase = async (
  deps: CasesApiDeps,
  request: { caseId: string; version: number | 'current'; action: CaseAction; actor: Actor },
): Promise<Case> => {
  const current = await requireCase(deps, request.caseId);
  if (request.version !== 'current') requireVersion(current, request.version);
  const change = applyCaseAction({
    current,
    action: request.action,
    actor: request.actor,
    now: deps.clock.now(),
    policies: deps.config.sla.policies,
  });
  await deps.commands.commitChange(change);
  await publish(deps, [change]);
  return change.after;
};

/** The case detail, with the mentions and timeline of cases merged into it, in time order. */
const caseDetail = async (deps: CasesApiDeps, caseId: string) => {
  const record = await deps.commands.getCaseRecord(caseId);
  if (!record) throw notFound(`no case ${caseId}`);
  const merged = await Promise.all(
    (record.case.mergedFrom ?? []).map((id) => deps.commands.getCaseRecord(id)),
  );
  const records = [record, ...merged.filter((found) => found !== undefined)];
  return {
    case: record.case,
    mentions: records
      .flatMap((found) => found.mentions)
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)),
    timeline: records
      .flatMap((found) => found.timeline)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
  };
};

const actionOperation = <B extends z.ZodType<{ version: number }>>(spec: {
  id: string;
  verb: string;
  summary: string;
  description?: string;
  body: B;
  action: (body: z.infer<B>) => CaseAction;
}): Operation =>
  operation({
    id: spec.id,
    method: 'POST',
    path: `/cases/{caseId}/${spec.verb}`,
    auth: 'user',
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    params: CaseIdParams,
    body: spec.body,
    response: CaseResponse,
    run: async ({ params, body, actor }, deps) => ({
      case: await actOnCase(deps, {
        caseId: params.caseId,
        version: body.version,
        action: spec.action(body),
        actor: requireActor(actor),
      }),
    }),
  });

export const OPERATIONS: readonly Operation[] = [
  operation({
    id: 'listCases',
    method: 'GET',
    path: '/cases',
    auth: 'user',
    summary: 'Cases, earliest deadline first',
    description: 'Filters combine with AND; each page holds at most `limit` cases.',
    query: ListCasesQuery,
    response: CaseListResponse,
    run: async ({ query }, deps) => {
      const now = deps.clock.now();
      const page = await deps.commands.listCases({
        statuses: query.status,
        matches: (candidate) => matchesCaseFilter(candidate, query, now),
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return {
        items: page.cases.map((found) => caseSummary(found, now)),
        now: now.toISOString(),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      };
    },
  }),
  operation({
    id: 'getCase',
    method: 'GET',
    path: '/cases/{caseId}',
    auth: 'user',
    summary: 'One case with its mentions and timeline',
    params: CaseIdParams,
    response: CaseDetailResponse,
    run: ({ params }, deps) => caseDetail(deps, params.caseId),
  }),
  actionOperation({
    id: 'acknowledgeCase',
    verb: 'acknowledge',
    summary: 'Acknowledge an open case: no further escalation, PagerDuty acknowledged',
    body: AcknowledgeBody,
    action: () => ({ type: 'acknowledge' }),
  }),
  actionOperation({
    id: 'assignCase',
    verb: 'assign',
    summary: 'Assign a case to someone, or unassign it with null',
    body: AssignBody,
    action: (body) => ({ type: 'assign', assignee: body.assignee }),
  }),
  actionOperation({
    id: 'respondToCase',
    verb: 'respond',
    summary: 'Record the brand response (its text and/or URL): stops the clock',
    body: RespondBody,
    action: (body) => ({
      type: 'respond',
      ...(body.text ? { text: body.text } : {}),
      ...(body.url ? { url: body.url } : {}),
    }),
  }),
  actionOperation({
    id: 'resolveCase',
    verb: 'resolve',
    summary: 'Resolve a case: stops the clock, PagerDuty resolved',
    body: ResolveBody,
    action: (body) => ({ type: 'resolve', ...(body.reason ? { reason: body.reason } : {}) }),
  }),
  actionOperation({
    id: 'reopenCase',
    verb: 'reopen',
    summary: 'Reopen a resolved case: a new SLA clock starts',
    body: ReopenBody,
    action: (body) => ({ type: 'reopen', ...(body.reason ? { reason: body.reason } : {}) }),
  }),
  actionOperation({
    id: 'addNote',
    verb: 'notes',
    summary: 'Add an internal note to the timeline',
    body: NoteBody,
    action: (body) => ({ type: 'note', text: body.text }),
  }),
  operation({
    id: 'mergeCases',
    method: 'POST',
    path: '/cases/{caseId}/merge',
    auth: 'user',
    summary: 'Merge another case of the same customer into this one',
    description:
      'The source case is resolved with `mergedInto`; its mentions join this case, and the customer’s next mention in its conversation joins this case.',
    params: CaseIdParams,
    body: MergeBody,
    response: MergeResponse,
    run: async ({ params, body, actor }, deps) => {
      const [target, source] = await Promise.all([
        requireCase(deps, params.caseId),
        requireCase(deps, body.sourceCaseId),
      ]);
      requireVersion(target, body.version);
      requireVersion(source, body.sourceVersion);
      const merge = mergeCases({
        target,
        source,
        linkedAuthorKeys: await deps.commands.linkedAuthors(target.author.key),
        actor: requireActor(actor),
        now: deps.clock.now(),
      });
      await deps.commands.commitMerge(merge);
      await publish(deps, [merge.target, merge.source]);
      return { case: merge.target.after, merged: merge.source.after };
    },
  }),
  operation({
    id: 'linkAuthors',
    method: 'POST',
    path: '/authors/links',
    auth: 'user',
    summary: 'Link two identities of the same person so their mentions share one history',
    body: LinkAuthorsBody,
    response: LinkAuthorsResponse,
    run: async ({ body }, deps) => {
      const [a, b] = body.authors.map((author) => `${author.source}#${author.id}`);
      if (!a || !b || a === b) throw badRequest('invalid_request', 'link two different authors');
      return { linked: await deps.commands.linkAuthors(a, b) };
    },
  }),
  operation({
    id: 'reportSummary',
    method: 'GET',
    path: '/reports/summary',
    auth: 'user',
    summary: 'Mentions, response rate, time to first response and SLA attainment',
    description:
      'Counted per UTC hour: mentions by the hour they were posted, case figures by the hour the case opened. `from` is rounded down to its hour.',
    query: ReportQuery,
    response: ReportSummary,
    run: async ({ query }, deps) => {
      const items = await deps.counters.read({
        from: new Date(query.from),
        to: new Date(query.to),
        ...(query.brand ? { brand: query.brand } : {}),
      });
      return summarizeReport(query, items);
    },
  }),
  operation({
    id: 'openApi',
    method: 'GET',
    path: '/openapi.json',
    auth: 'none',
    summary: 'This document',
    response: z.object({ openapi: z.string() }).catchall(z.unknown()),
    run: async () => openApiDocument(OPERATIONS),
  }),
  operation({
    id: 'slackActions',
    method: 'POST',
    path: '/integrations/slack/actions',
    auth: 'none',
    summary: 'Slack interactivity: the Acknowledge and Resolve buttons of an alert',
    description:
      'Form-encoded `payload` of a block_actions interaction, verified with the Slack signing secret; `action_id` acknowledge or resolve, `value` the case id.',
    formBody: true,
    response: SlackActionsResponse,
    run: async ({ rawBody, headers }, deps) => {
      const signingSecret = await deps.secrets.get('SLACK_SIGNING_SECRET');
      if (!signingSecret) {
        throw new HttpError(503, 'not_configured', 'Slack actions are not configured');
      }
      verifySlackRequest({
        signingSecret,
        timestamp: headers['x-slack-request-timestamp'],
        signature: headers['x-slack-signature'],
        rawBody,
        nowSeconds: Math.floor(deps.realNow() / 1000),
      });
      const requests = parseSlackCaseRequests(rawBody);
      const results: SlackCaseResult[] = [];
      for (const request of requests) {
        const actor: Actor = {
          type: 'agent',
          id: `slack:${request.user.username ?? request.user.id}`,
        };
        results.push({
          caseId: request.caseId,
          action: request.action,
          outcome: await slackAction(deps, request.caseId, { type: request.action }, actor),
        });
      }
      const pressed = requests[0];
      if (pressed?.responseUrl) {
        try {
          await deps.slack.replaceMessage(
            pressed.responseUrl,
            slackCaseUpdateMessage(results, pressed.user),
          );
        } catch (error) {
          deps.onSlackUpdateFailed(error);
        }
      }
      return { results };
    },
  }),
];

/** A button pressed on a case that already moved on is not an error for the person pressing it. */
const slackAction = async (
  deps: CasesApiDeps,
  caseId: string,
  action: CaseAction,
  actor: Actor,
): Promise<string> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await actOnCase(deps, { caseId, version: 'current', action, actor });
      return 'done';
    } catch (error) {
      if (error instanceof CaseTransitionError) return error.message;
      if (!(error instanceof CaseVersionConflictError) || attempt === 3) throw error;
    }
  }
};
