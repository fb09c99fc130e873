/**
 * The operations of the cases API: each route's schemas and what it does. The router, the
 * OpenAPI document and the CLI read this one list; the routes come from CASES_API_ROUTES.
 */
import * as z from 'zod';
import {
  AcknowledgeBody,
  AssignBody,
  AuthorCasesQuery,
  AuthorCasesResponse,
  AuthorParams,
  CaseDetailResponse,
  CaseIdParams,
  CaseListResponse,
  CaseResponse,
  LabelsQuery,
  LabelsResponse,
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
  TriageCorrectionBody,
} from '../../contracts/cases-api';
import type { CasesApiOperationId } from '../../contracts/cases-api-routes';
import { badRequest, notFound } from '../../contracts/http-error';
import { ReportSummary } from '../../contracts/report-summary';
import { applyCaseAction, type CaseAction, mergeCases } from '../../domain/cases/case-actions';
import { reportRange, summarizeReport } from '../../domain/cases/reports';
import {
  actOnCase,
  publishChanges,
  requireCase,
  requireVersion,
} from '../../use-cases/case-changes';
import { alertTestOperations } from './alert-test-operations';
import { caseListRequest, caseSummary } from './case-filter';
import { INCIDENT_OPERATIONS } from './incident-operations';
import { openApiDocument } from './openapi';
import { type CasesApiDeps, type Operation, operation, requireActor } from './operation';
import { REPLY_OPERATIONS } from './reply-operations';
import { slackActionsOperation } from './slack-actions-operation';

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
    replies: records
      .flatMap((found) => found.replies)
      .sort((a, b) => Date.parse(a.requestedAt) - Date.parse(b.requestedAt)),
  };
};

const actionOperation = <B extends z.ZodType<{ version: number }>>(spec: {
  id: CasesApiOperationId;
  summary: string;
  description?: string;
  body: B;
  action: (body: z.infer<B>) => CaseAction;
}): Operation =>
  operation({
    id: spec.id,
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
    summary: 'Cases: those needing a reply first, then by priority, then earliest deadline',
    description:
      'Filters combine with AND. `status`, `priority` and `needsReply` select index ranges: a page takes one query per status shard and range (open has 2 shards, the other statuses 1), at most 5, and a combination needing more is refused with 400 naming it (ask for consecutive priorities, fewer statuses, or needsReply true or false). With `assignee` the same ranges come from an index of assigned cases, one query per status. `source`, `brand`, `intent`, `breached` and `amplify` are checked on the cases those queries read: a page examines at most 5 × (limit + 1) cases, so it may hold fewer than `limit` cases, or none, and still a `cursor` to read on.',
    query: ListCasesQuery,
    response: CaseListResponse,
    run: async ({ query }, deps) => {
      const now = deps.clock.now();
      const page = await deps.commands.listCases(caseListRequest(query, now));
      return {
        items: page.cases.map((found) => caseSummary(found, now)),
        now: now.toISOString(),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      };
    },
  }),
  operation({
    id: 'getCase',
    summary: 'One case with its mentions and timeline',
    params: CaseIdParams,
    response: CaseDetailResponse,
    run: ({ params }, deps) => caseDetail(deps, params.caseId),
  }),
  actionOperation({
    id: 'acknowledgeCase',
    summary: 'Acknowledge an open case: no further escalation, PagerDuty acknowledged',
    body: AcknowledgeBody,
    action: () => ({ type: 'acknowledge' }),
  }),
  actionOperation({
    id: 'assignCase',
    summary: 'Assign a case to someone, or unassign it with null',
    body: AssignBody,
    action: (body) => ({ type: 'assign', assignee: body.assignee }),
  }),
  actionOperation({
    id: 'respondToCase',
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
    summary: 'Resolve a case: stops the clock, PagerDuty resolved',
    body: ResolveBody,
    action: (body) => ({ type: 'resolve', ...(body.reason ? { reason: body.reason } : {}) }),
  }),
  actionOperation({
    id: 'reopenCase',
    summary: 'Reopen a resolved case: a new SLA clock starts',
    body: ReopenBody,
    action: (body) => ({ type: 'reopen', ...(body.reason ? { reason: body.reason } : {}) }),
  }),
  actionOperation({
    id: 'addNote',
    summary: 'Add an internal note to the timeline',
    body: NoteBody,
    action: (body) => ({ type: 'note', text: body.text }),
  }),
  operation({
    id: 'mergeCases',
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
      await publishChanges(deps, [merge.target, merge.source]);
      return { case: merge.target.after, merged: merge.source.after };
    },
  }),
  ...REPLY_OPERATIONS,
  operation({
    id: 'correctTriage',
    summary: 'Correct triage: sentiment, intents, complaint, priority, reply; the deadline follows',
    description:
      'Applied to the case (a new priority re-times the running SLA clock from its start; `needsResponse: false` stops it) and stored on the mention as a label (`GET /labels`). `complaint: false` is "not a complaint".',
    params: CaseIdParams,
    body: TriageCorrectionBody,
    response: CaseResponse,
    run: async ({ params, body, actor }, deps) => {
      const record = await deps.commands.getCaseRecord(params.caseId);
      if (!record) throw notFound(`no case ${params.caseId}`);
      requireVersion(record.case, body.version);
      const { version: _version, mentionId, ...correction } = body;
      const customerMentions = record.mentions.filter((mention) => mention.kind !== 'brand_reply');
      const mention = mentionId
        ? record.mentions.find((candidate) => candidate.id === mentionId)
        : customerMentions.at(-1);
      if (!mention) {
        throw notFound(
          mentionId
            ? `case ${params.caseId} has no mention ${mentionId}`
            : `case ${params.caseId} has no customer mention to correct`,
        );
      }
      const by = requireActor(actor);
      const now = deps.clock.now();
      const change = applyCaseAction({
        current: record.case,
        action: { type: 'correctTriage', correction },
        actor: by,
        now,
        policies: deps.config.sla.policies,
      });
      // Corrections add up: a later one overrides only the fields it names.
      await deps.commands.commitCorrection(change, mention, {
        ...mention.label,
        ...correction,
        by: by.id,
        at: now.toISOString(),
      });
      await publishChanges(deps, [change]);
      return { case: change.after };
    },
  }),
  operation({
    id: 'listLabels',
    summary: "Mentions a person corrected, with their labels: the deployment's own labelled data",
    query: LabelsQuery,
    response: LabelsResponse,
    run: async ({ query }, deps) => {
      const page = await deps.commands.listLabelledMentions({
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return { items: page.mentions, ...(page.cursor ? { cursor: page.cursor } : {}) };
    },
  }),
  operation({
    id: 'linkAuthors',
    summary: 'Link two identities of the same person so their mentions share one history',
    body: LinkAuthorsBody,
    response: LinkAuthorsResponse,
    run: async ({ body }, deps) => {
      const [a, b] = body.authors.map((author) => `${author.source}#${author.id}`);
      if (!a || !b || a === b) throw badRequest('invalid_request', 'link two different authors');
      return { linked: await deps.commands.linkAuthors(a, b) };
    },
  }),
  ...INCIDENT_OPERATIONS,
  operation({
    id: 'listAuthorCases',
    summary: "An author's cases, with those of their linked identities, newest first",
    description:
      'The customer history the case page shows: every case of this author and of the identities linked to it (`POST /authors/links`), as summaries, newest first, a page at a time (`cursor`). Cases written before the by-author index existed appear once `npm run backfill:case-indexes` has run (docs/cases-data.md).',
    params: AuthorParams,
    query: AuthorCasesQuery,
    response: AuthorCasesResponse,
    run: async ({ params, query }, deps) => {
      const authorKey = `${params.source}#${params.authorId}`;
      const authors = [authorKey, ...(await deps.commands.linkedAuthors(authorKey))];
      const page = await deps.commands.listByAuthors(authors, {
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      const now = deps.clock.now();
      return {
        items: page.cases.map((subject) => caseSummary(subject, now)),
        authors,
        ...(page.cursor ? { cursor: page.cursor } : {}),
      };
    },
  }),
  operation({
    id: 'reportSummary',
    summary: 'Mentions, response rate, time to first response and SLA attainment',
    description:
      'Counted per UTC hour: mentions by the hour they were posted, case figures by the hour the case opened. `from` is rounded down to its hour. Without `from` and `to`, the last seven days.',
    query: ReportQuery,
    response: ReportSummary,
    run: async ({ query }, deps) => {
      const range = reportRange(query, deps.clock.now());
      const items = await deps.counters.read({
        from: new Date(range.from),
        to: new Date(range.to),
        ...(query.brand ? { brand: query.brand } : {}),
      });
      return summarizeReport({ ...range, ...(query.brand ? { brand: query.brand } : {}) }, items);
    },
  }),
  ...alertTestOperations,
  operation({
    id: 'openApi',
    summary: 'This document',
    response: z.object({ openapi: z.string() }).catchall(z.unknown()),
    run: async () => openApiDocument(OPERATIONS),
  }),
  slackActionsOperation,
];
