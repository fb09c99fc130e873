/**
 * A bounded load on loopback: signed generic webhooks from many authors, a fixed number in flight,
 * against a running local runtime; then a check, item by item in DynamoDB and page by page through
 * the cases API, that every acknowledged mention became exactly one mention of exactly one case.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import { localDynamoDbClient } from '../../infra/local/dynamodb';
import { LOCAL_TABLE_NAME, type LocalRuntime } from '../../infra/local/runtime';
import { signStandardWebhook } from '../../shared/adapters/platforms/generic';
import { mentionText, seededRandom } from './mention-texts';

export class LoadRunError extends Error {
  override name = 'LoadRunError';
}

export interface LoadPlan {
  readonly webhooks: number;
  readonly authors: number;
  /** Webhooks in flight at once. */
  readonly concurrency: number;
  /** Webhooks started per second at most; as many as the concurrency allows when omitted. */
  readonly ratePerSecond?: number;
  /** Seeds texts and ids, so a run can be repeated. */
  readonly seed?: number;
  /** How long to wait, after the last answer, for the last mention to become a case. */
  readonly settleTimeoutMs?: number;
}

export interface LoadReport {
  readonly webhooks: number;
  readonly authors: number;
  readonly concurrency: number;
  /** Answers by HTTP status. */
  readonly statuses: Readonly<Record<number, number>>;
  readonly acknowledged: number;
  readonly serverErrors: number;
  /** Acknowledged mentions with no mention item in any case. */
  readonly lost: number;
  /** Mention items beyond one per mention, plus cases beyond one per author. */
  readonly duplicates: number;
  /** One case per author who had a mention acknowledged (mentions of an author thread together). */
  readonly casesExpected: number;
  readonly casesStored: number;
  /** Cases the API lists for the load's source, read page by page. */
  readonly casesListed: number;
  /** From the first webhook sent to the last mention committed. */
  readonly durationMs: number;
  readonly mentionsPerSec: number;
  /** Webhook sent → its triage batch returned (its transaction committed, so readable). */
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
}

/** What is wrong with a run, one line each; empty when it passed. */
export const loadProblems = (report: LoadReport): string[] => [
  ...(report.serverErrors > 0 ? [`${report.serverErrors} webhook(s) answered 5xx`] : []),
  ...(report.acknowledged < report.webhooks
    ? [`${report.webhooks - report.acknowledged} webhook(s) not acknowledged`]
    : []),
  ...(report.lost > 0 ? [`${report.lost} acknowledged mention(s) lost`] : []),
  ...(report.duplicates > 0 ? [`${report.duplicates} duplicate item(s)`] : []),
  ...(report.casesStored < report.casesExpected
    ? [`${report.casesExpected - report.casesStored} expected case(s) missing`]
    : []),
  ...(report.casesListed !== report.casesStored
    ? [`the API lists ${report.casesListed} case(s), the table holds ${report.casesStored}`]
    : []),
];

/** The source slug the load posts as, so its cases can be told apart from others. */
export const LOAD_SOURCE = 'loadtest';

interface PlannedWebhook {
  readonly mentionNativeId: string;
  readonly authorId: string;
  readonly body: string;
}

const planWebhooks = (plan: LoadPlan): PlannedWebhook[] => {
  const random = seededRandom(plan.seed ?? 20);
  const run = randomUUID().slice(0, 8);
  return Array.from({ length: plan.webhooks }, (_, index) => {
    const authorNumber = index % plan.authors;
    const authorId = `author-${authorNumber}`;
    const mentionNativeId = `${run}-${index}`;
    const now = new Date().toISOString();
    const body = JSON.stringify({
      type: 'mention.created',
      timestamp: now,
      data: {
        id: mentionNativeId,
        source: LOAD_SOURCE,
        text: mentionText(random),
        author: {
          id: authorId,
          name: `Customer ${authorNumber}`,
          handle: `customer${authorNumber}`,
          followers: Math.floor(random() * 20_000),
        },
        createdAt: now,
        url: `https://community.example.com/posts/${mentionNativeId}`,
      },
    });
    return { mentionNativeId, authorId, body };
  });
};

/** The value at quantile `q` of ascending `sorted` (nearest rank). */
export const quantile = (sorted: readonly number[], q: number): number =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0);

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** A mention a triage batch stored. */
export interface TriagedMention {
  readonly mentionId: string;
  readonly source: string;
  readonly authorId: string;
}

export interface LoadTarget {
  readonly runtime: LocalRuntime;
  /** Calls `listener` with the mentions of every triage batch once it returns; unsubscribes. */
  readonly onTriaged: (listener: (mentions: readonly TriagedMention[]) => void) => () => void;
  /** The Standard Webhooks secret the runtime was started with (`whsec_…`). */
  readonly webhookSecret: string;
  readonly operatorToken: string;
}

export interface LoadHooks {
  /** Called once the last mention is a case, before the run reads the table and the API to check. */
  readonly onSettled?: () => void;
}

/** POSTs a generic webhook signed with the target's secret; the body is read to the end. */
export const postGenericWebhook = async (
  target: LoadTarget,
  id: string,
  body: string,
): Promise<Response> => {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${target.runtime.url}/webhooks/generic`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(target.webhookSecret, { id, timestamp, body }),
    },
    body,
  });
  await response.arrayBuffer();
  return response;
};

/** Runs `plan` against the runtime and checks what it stored. */
export const runLoad = async (
  target: LoadTarget,
  plan: LoadPlan,
  hooks: LoadHooks = {},
): Promise<LoadReport> => {
  const { runtime } = target;
  const webhooks = planWebhooks(plan);
  const sentAt = new Map<string, number[]>();
  const committed = new Map<string, number>();
  const latencies: number[] = [];
  let lastCommitAt = 0;

  const unsubscribe = target.onTriaged((mentions) => {
    const at = performance.now();
    for (const { source, authorId } of mentions) {
      if (source !== LOAD_SOURCE) continue;
      const count = committed.get(authorId) ?? 0;
      committed.set(authorId, count + 1);
      const started = sentAt.get(authorId)?.[count];
      if (started !== undefined) latencies.push(at - started);
      lastCommitAt = at;
    }
  });

  const statuses: Record<number, number> = {};
  const acknowledged: PlannedWebhook[] = [];
  const startedAt = performance.now();
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < webhooks.length; index = next++) {
      const webhook = webhooks[index];
      if (!webhook) return;
      if (plan.ratePerSecond) {
        const wait = startedAt + (index * 1000) / plan.ratePerSecond - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const times = sentAt.get(webhook.authorId) ?? [];
      times.push(performance.now());
      sentAt.set(webhook.authorId, times);
      const response = await postGenericWebhook(
        target,
        `msg_${webhook.mentionNativeId}`,
        webhook.body,
      );
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status >= 200 && response.status < 300) acknowledged.push(webhook);
      else times.pop();
    }
  };
  try {
    await Promise.all(Array.from({ length: plan.concurrency }, worker));
    const settleBy = performance.now() + (plan.settleTimeoutMs ?? 60_000);
    while (latencies.length < acknowledged.length && performance.now() < settleBy) await sleep(50);
  } finally {
    unsubscribe();
    hooks.onSettled?.();
  }

  const stored = await storedMentionsAndCases(runtime.endpoints.dynamodb);
  const mentionCounts = new Map<string, number>();
  for (const mentionId of stored.mentionIds) {
    mentionCounts.set(mentionId, (mentionCounts.get(mentionId) ?? 0) + 1);
  }
  const lost = acknowledged.filter(
    (webhook) => !mentionCounts.has(`${LOAD_SOURCE}:${webhook.mentionNativeId}`),
  ).length;
  const planned = new Set(webhooks.map((webhook) => `${LOAD_SOURCE}:${webhook.mentionNativeId}`));
  const extraMentions = [...mentionCounts]
    .filter(([mentionId]) => planned.has(mentionId))
    .reduce((sum, [, count]) => sum + count - 1, 0);
  const authorsAcknowledged = new Set(acknowledged.map((webhook) => webhook.authorId));
  const casesByAuthor = new Map<string, number>();
  for (const authorId of stored.caseAuthors) {
    casesByAuthor.set(authorId, (casesByAuthor.get(authorId) ?? 0) + 1);
  }
  const extraCases = [...casesByAuthor.values()].reduce((sum, count) => sum + count - 1, 0);
  const casesStored = [...authorsAcknowledged].filter((author) => casesByAuthor.has(author)).length;

  const durationMs = Math.max(lastCommitAt - startedAt, 1);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    webhooks: plan.webhooks,
    authors: plan.authors,
    concurrency: plan.concurrency,
    statuses,
    acknowledged: acknowledged.length,
    serverErrors: Object.entries(statuses)
      .filter(([status]) => Number(status) >= 500)
      .reduce((sum, [, count]) => sum + count, 0),
    lost,
    duplicates: extraMentions + extraCases,
    casesExpected: authorsAcknowledged.size,
    casesStored,
    casesListed: await countListedCases(target),
    durationMs: Math.round(durationMs),
    mentionsPerSec: round((latencies.length * 1000) / durationMs),
    latencyMs: {
      p50: round(quantile(sorted, 0.5)),
      p90: round(quantile(sorted, 0.9)),
      p99: round(quantile(sorted, 0.99)),
      max: round(sorted.at(-1) ?? 0),
    },
  };
};

/** Mention ids of every mention item, and the author id of every case, of the load's source. */
const storedMentionsAndCases = async (endpoint: string) => {
  const client = localDynamoDbClient(endpoint);
  const mentionIds: string[] = [];
  const caseAuthors: string[] = [];
  try {
    let startKey: ScanCommandOutput['LastEvaluatedKey'];
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: LOCAL_TABLE_NAME,
          ProjectionExpression: 'PK, SK, #author.#id, #source',
          ExpressionAttributeNames: { '#author': 'author', '#id': 'id', '#source': 'source' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.source?.S !== LOAD_SOURCE) continue;
        const sortKey = item.SK?.S ?? '';
        // MENTION#<createdAt>#<mentionId>; neither part contains '#'.
        if (sortKey.startsWith('MENTION#')) mentionIds.push(sortKey.split('#')[2] ?? '');
        if (sortKey === 'CASE') caseAuthors.push(item.author?.M?.id?.S ?? '');
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  } finally {
    client.destroy();
  }
  return { mentionIds, caseAuthors };
};

/**
 * Cases of the load's source, in every status and whether or not they need a reply, counted
 * through GET /cases: two status groups, as a page reads at most five index ranges.
 */
const countListedCases = async (target: LoadTarget): Promise<number> => {
  let count = 0;
  for (const status of ['open,acknowledged,responded', 'resolved']) {
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({
        status,
        source: LOAD_SOURCE,
        needsReply: 'any',
        limit: '100',
        ...(cursor ? { cursor } : {}),
      });
      const response = await fetch(`${target.runtime.url}/cases?${query}`, {
        headers: { authorization: `Bearer ${target.operatorToken}` },
      });
      if (response.status !== 200) {
        throw new LoadRunError(`GET /cases answered ${response.status}: ${await response.text()}`);
      }
      const page = (await response.json()) as { items: unknown[]; cursor?: string };
      count += page.items.length;
      cursor = page.cursor;
    } while (cursor);
  }
  return count;
};
