/**
 * The single-table layout: every key and index attribute is built here and nowhere else.
 *
 * | item         | PK                          | SK                                |
 * |--------------|-----------------------------|-----------------------------------|
 * | case         | CASE#<caseId>               | CASE                              |
 * | mention      | CASE#<caseId>               | MENTION#<createdAt>#<mentionId>   |
 * | timeline     | CASE#<caseId>               | EVENT#<at>#<seq>                  |
 * | reply        | CASE#<caseId>               | REPLY#<replyId>                   |
 * | mention seen | MENTION#<mentionId>         | SEEN                              |
 * | revision     | MENTION#<mentionId>         | REVISION#<revisionMentionId>      |
 * | author       | AUTHOR#<source>#<authorId>  | PROFILE                           |
 * | thread       | THREAD#<source>#<convId>    | THREAD                            |
 * | report count | REPORT#<YYYY-MM-DD>         | <brand>#<HH>#<shard>              |
 * | model budget | BUDGET#<YYYY-MM-DD>         | HOSTED_MODEL                      |
 * | topic mention| SPIKE#<brand>#<topic>       | M#<YYYY-MM-DDTHH:MM>#<mentionId>  |
 * | topic hour   | SPIKE#<brand>#<topic>       | H#<YYYY-MM-DDTHH>                 |
 * | incident     | INCIDENT#<incidentId>       | INCIDENT                          |
 * | its case     | INCIDENT#<incidentId>       | CASE#<caseId>                     |
 * | incident list| INCIDENTS                   | <openedAt>#<incidentId>           |
 * | open incident| INCIDENT_OPEN#<brand>       | <topic>                           |
 * | channel pace | PACE#<channel>              | PACE                              |
 * | held alert   | HELD#<channel>              | ALERT#<eventId>                   |
 * | lease        | LEASE#<name>                | LEASE                             |
 *
 * GSI `sla-due` (sparse, only while an escalation step is pending):
 *   slaShard = `SLA#<0..SLA_SHARDS-1>`, slaDueAt = ISO time of the next step.
 * GSI `by-status`: statusKey = `STATUS#<status>#<shard>` (STATUS_SHARDS per status),
 *   statusSort = `<Q needs a reply, R not>#<priority>#<dueAt or 9999>#<caseId>`.
 * GSI `by-author`: authorKey = `AUTHOR#<source>#<authorId>`, authorSort = `<openedAt>#<caseId>`.
 * GSI `by-assignee` (sparse, assigned cases only): assigneeKey = `ASSIGNEE#<status>#<assignee>`,
 *   statusSort as in `by-status`.
 */
import type { CaseStatus } from '../../contracts/case';
import type { Priority } from '../../contracts/triage';

/** A global secondary index: its key attributes and what it projects (a list: INCLUDE those). */
export interface TableIndex {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly projection: 'ALL' | 'KEYS_ONLY' | readonly string[];
}

export const TABLE_INDEXES = {
  /**
   * Cases with an escalation step pending, by due time. Sparse, and it projects only the case id
   * the sweeper reads: a mention that leaves the due time as it was costs it nothing.
   */
  slaDue: {
    name: 'sla-due',
    partitionKey: 'slaShard',
    sortKey: 'slaDueAt',
    projection: ['caseId'],
  },
  /**
   * Cases of one status (over its write shards), those needing a reply first, then by priority,
   * then by deadline: status, needs-a-reply and priority filters are key conditions. Keys only,
   * for the same reason as `by-author`: a mention that leaves status, priority and deadline as
   * they were costs it nothing; the cases are read by key.
   */
  byStatus: {
    name: 'by-status',
    partitionKey: 'statusKey',
    sortKey: 'statusSort',
    projection: 'KEYS_ONLY',
  },
  /**
   * An author's cases, newest first: the customer's history on the case page. Keys only: its
   * keys never change, so only a new case writes to it (a case rewritten on every mention would
   * double its write cost with ALL); the cases are then read by key.
   */
  byAuthor: {
    name: 'by-author',
    partitionKey: 'authorKey',
    sortKey: 'authorSort',
    projection: 'KEYS_ONLY',
  },
  /**
   * An agent's cases, one partition per agent and status, sorted as `by-status`: the list's
   * `assignee` filter as key conditions ("my queue"). Sparse: only assigned cases are in it.
   * Keys only, as `by-status`.
   */
  byAssignee: {
    name: 'by-assignee',
    partitionKey: 'assigneeKey',
    sortKey: 'statusSort',
    projection: 'KEYS_ONLY',
  },
} as const;

/** Write shards of the `sla-due` index: spreads hot writes, the sweeper queries each. */
export const SLA_SHARDS = 4;

export const REVISION_PREFIX = 'REVISION#';

/** The sort key of a case item; its decision item's starts with it, so one query reads both. */
export const CASE_SK = 'CASE';

export const keys = {
  case: (caseId: string) => ({ PK: `CASE#${caseId}`, SK: CASE_SK }),
  /** Why the case has its priority, and the reply triage suggests (kept apart: see case-items.ts). */
  caseDecision: (caseId: string) => ({ PK: `CASE#${caseId}`, SK: `${CASE_SK}#DECISION` }),
  mention: (caseId: string, createdAt: string, mentionId: string) => ({
    PK: `CASE#${caseId}`,
    SK: `MENTION#${createdAt}#${mentionId}`,
  }),
  timeline: (caseId: string, at: string, seq: string) => ({
    PK: `CASE#${caseId}`,
    SK: `EVENT#${at}#${seq}`,
  }),
  /** A reply in the case's outbox. */
  reply: (caseId: string, replyId: string) => ({ PK: `CASE#${caseId}`, SK: `REPLY#${replyId}` }),
  mentionSeen: (mentionId: string) => ({ PK: `MENTION#${mentionId}`, SK: 'SEEN' }),
  /** Points from a post to one of its revisions (an edit is a mention of its own). */
  mentionRevision: (mentionId: string, revisionMentionId: string) => ({
    PK: `MENTION#${mentionId}`,
    SK: `${REVISION_PREFIX}${revisionMentionId}`,
  }),
  author: (source: string, authorId: string) => ({
    PK: `AUTHOR#${source}#${authorId}`,
    SK: 'PROFILE',
  }),
  thread: (source: string, conversationId: string) => ({
    PK: `THREAD#${source}#${conversationId}`,
    SK: 'THREAD',
  }),
  /** One shard of one brand's report counters for one UTC hour (`hour` = `YYYY-MM-DDTHH`). */
  reportCounter: (brand: string, hour: string, shard: number) => ({
    PK: reportDayKey(hour.slice(0, 10)),
    SK: `${brand}#${hour.slice(11, 13)}#${shard}`,
  }),
  /** The hosted model's calls on one UTC day (`day` = `YYYY-MM-DD`). */
  hostedModelBudget: (day: string) => ({ PK: `BUDGET#${day}`, SK: 'HOSTED_MODEL' }),
  topicMention: (brand: string, topic: string, minute: string, mentionId: string) => ({
    PK: `SPIKE#${brand}#${topic}`,
    SK: `M#${minute}#${mentionId}`,
  }),
  topicHour: (brand: string, topic: string, hour: string) => ({
    PK: `SPIKE#${brand}#${topic}`,
    SK: `H#${hour}`,
  }),
  incident: (incidentId: string) => ({ PK: `INCIDENT#${incidentId}`, SK: 'INCIDENT' }),
  incidentCase: (incidentId: string, caseId: string) => ({
    PK: `INCIDENT#${incidentId}`,
    SK: `CASE#${caseId}`,
  }),
  incidentListEntry: (openedAt: string, incidentId: string) => ({
    PK: 'INCIDENTS',
    SK: `${openedAt}#${incidentId}`,
  }),
  openIncident: (brand: string, topic: string) => ({ PK: `INCIDENT_OPEN#${brand}`, SK: topic }),
  /** A channel's pacing state, shared by every notifier. */
  channelPace: (channel: string) => ({ PK: `PACE#${channel}`, SK: 'PACE' }),
  /** An alert a paced channel could not take yet, waiting for its digest. */
  heldAlert: (channel: string, eventId: string) => ({
    PK: heldAlertsKey(channel),
    SK: `ALERT#${eventId}`,
  }),
  /** A lease that lets one holder at a time do something (refresh a platform token). */
  lease: (name: string) => ({ PK: `LEASE#${name}`, SK: 'LEASE' }),
} as const;

/** The partition of a channel's held alerts. */
export function heldAlertsKey(channel: string): string {
  return `HELD#${channel}`;
}

/** The partition of one UTC day's report counters (`day` = `YYYY-MM-DD`). */
export function reportDayKey(day: string): string {
  return `REPORT#${day}`;
}

/** The `sla-due` shard of a case: stable, so a case always lives in one shard. */
export const slaShardOf = (caseId: string): string => `SLA#${caseHash(caseId) % SLA_SHARDS}`;

/**
 * Write shards of each status in `by-status`: `open` takes every new case and every priority
 * raise, the changes mentions make at storm rates, so it takes two partition keys and 1,000 new
 * cases a second put 500 units on each. Every other status takes one: a page of every status
 * (open, acknowledged, responded, resolved) then reads 2 + 1 + 1 + 1 = 5 partitions, the most a
 * page may take (arithmetic in docs/cases-data.md).
 */
export const STATUS_SHARDS: Readonly<Record<CaseStatus, number>> = {
  open: 2,
  acknowledged: 1,
  responded: 1,
  resolved: 1,
};

/** Hash of a case id, stable: a case always lives in the same shard. */
const caseHash = (caseId: string): number => {
  let hash = 0;
  for (const char of caseId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash;
};

/** The `by-status` partition of one shard of a status. */
export const statusShardKey = (status: CaseStatus, shard: number): string =>
  `STATUS#${status}#${shard}`;

/** The `by-status` partition of a case. */
export const statusKey = (status: CaseStatus, caseId: string): string =>
  statusShardKey(status, caseHash(caseId) % STATUS_SHARDS[status]);

/** Every `by-status` partition of a status. */
export const statusShardKeys = (status: CaseStatus): string[] =>
  Array.from({ length: STATUS_SHARDS[status] }, (_, shard) => statusShardKey(status, shard));

/** The first part of `statusSort`: cases needing a reply sort before those recorded without one. */
export const replySortPart = (needsReply: boolean): string => (needsReply ? 'Q' : 'R');

/** The start of the `statusSort` of the cases with that need of a reply and priority. */
export const statusSortPrefix = (needsReply: boolean, priority: Priority): string =>
  `${replySortPart(needsReply)}#${priority}#`;
/** The `by-assignee` partition of an agent's cases of one status. */
export const assigneeKey = (status: CaseStatus, assignee: string): string =>
  `ASSIGNEE#${status}#${assignee}`;

/** The `by-author` partition of an author key `<source>#<authorId>`. */
export const authorIndexKey = (authorKey: string): string => `AUTHOR#${authorKey}`;
export const statusSort = (
  needsReply: boolean,
  priority: Priority,
  dueAt: string | undefined,
  caseId: string,
): string => `${statusSortPrefix(needsReply, priority)}${dueAt ?? '9999'}#${caseId}`;
