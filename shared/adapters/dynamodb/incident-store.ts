import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Actor, CaseFigures, TimelineEntry } from '../../contracts/case';
import { Incident, type IncidentSample } from '../../contracts/incident';
import { hourOf } from '../../domain/cases/reports';
import { minuteOf, type SpikePeriods } from '../../domain/incidents/spike';
import type {
  IncidentCases,
  IncidentRecords,
  IncidentState,
} from '../../use-cases/ports/incident-records';
import { batchGet } from './batch-get';
import { caseFiguresFromItem } from './case-items';
import { queryAll } from './query-all';
import { keys } from './table-keys';
import { timelineItem } from './timeline';
import { failedCondition, transactWrite } from './transact-write-item';

type Item = Record<string, NativeAttributeValue>;

/** A topic's mention items outlive the longest window (an hour) by a day. */
const TOPIC_MENTION_SECONDS = 25 * 3_600;
/** Hour counters outlive the longest baseline (a week) by a day. */
const TOPIC_HOUR_SECONDS = 8 * 86_400;

/** A stored incident did not have the shape its key promises. */
export class IncidentItemError extends Error {
  override name = 'IncidentItemError';
}

const incidentFromItem = (item: Item): Incident => {
  const parsed = Incident.safeParse(item);
  if (parsed.success) return parsed.data;
  throw new IncidentItemError(`incident item ${String(item.PK)} is invalid`, {
    cause: parsed.error,
  });
};

/** An incident and, while its opener has not finished gathering its window, when that began. */
const incidentStateOf = (item: Item): IncidentState => ({
  incident: incidentFromItem(item),
  ...(typeof item.gatherClaimedAt === 'string' ? { gatherClaimedAt: item.gatherClaimedAt } : {}),
});

/** One page of incidents, newest first. */
export interface IncidentPage {
  readonly incidents: Incident[];
  readonly cursor?: string;
}

/** Incidents and the topic counters that open them, in the single table (see table-keys.ts). */
export class IncidentStore implements IncidentRecords, IncidentCases {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async queryAll(input: {
    pk: string;
    from: string;
    to: string;
    projection?: string;
    consistent?: boolean;
  }): Promise<Item[]> {
    return queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': input.pk, ':from': input.from, ':to': input.to },
      ...(input.projection ? { ProjectionExpression: input.projection } : {}),
      ConsistentRead: input.consistent ?? true,
    });
  }

  /** Mentions of a topic in the window and the cases they belong to. */
  async windowCount(
    brand: string,
    topic: string,
    periods: SpikePeriods,
  ): Promise<{ count: number; caseIds: string[] }> {
    const items = await this.queryAll({
      pk: keys.topicMention(brand, topic, '', '').PK,
      from: `M#${periods.firstMinute}`,
      to: `M#${periods.lastMinute}#~`,
      projection: 'caseId',
    });
    return { count: items.length, caseIds: [...new Set(items.map((item) => String(item.caseId)))] };
  }

  /**
   * Records a committed mention under its topics, after its transaction: per topic one small item
   * keyed by the minute it counts in and the mention id (holding the case id, so an incident
   * opened later can gather the cases of its window), put only if absent, and — when it was
   * absent — one more in the topic's hour counter, the baseline. A redelivered mention finds its
   * items and changes no count; as every mention writes its own item, a storm of concurrent
   * triage functions never contends for a shared one. Returns each topic's hour count after this
   * mention, or undefined where the mention was already recorded. A crash between the two writes
   * leaves the hour one short, never counted twice.
   */
  async recordMention(input: {
    brand: string;
    topics: readonly string[];
    mentionId: string;
    caseId: string;
    at: Date;
  }): Promise<Map<string, number | undefined>> {
    const seconds = Math.floor(input.at.getTime() / 1000);
    const counts = await Promise.all(
      input.topics.map(async (topic): Promise<[string, number | undefined]> => {
        try {
          await this.client.send(
            new PutCommand({
              TableName: this.tableName,
              Item: {
                ...keys.topicMention(input.brand, topic, minuteOf(input.at), input.mentionId),
                itemType: 'topic-mention',
                caseId: input.caseId,
                expiresAt: seconds + TOPIC_MENTION_SECONDS,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            }),
          );
        } catch (error) {
          if (failedCondition(error)) return [topic, undefined];
          throw error;
        }
        const { Attributes } = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.topicHour(input.brand, topic, hourOf(input.at)),
            UpdateExpression: 'SET itemType = :type, expiresAt = :expires ADD mentions :one',
            ExpressionAttributeValues: {
              ':type': 'topic-hour',
              ':expires': seconds + TOPIC_HOUR_SECONDS,
              ':one': 1,
            },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return [topic, Number(Attributes?.mentions ?? 0)];
      }),
    );
    return new Map(counts);
  }

  /**
   * Mentions of a topic counted in one UTC hour (`YYYY-MM-DDTHH`). Eventually consistent: it
   * bounds a window from above, and a count a second stale only delays a spike check to the next
   * mention.
   */
  async hourCount(brand: string, topic: string, hour: string): Promise<number> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.topicHour(brand, topic, hour),
        ProjectionExpression: 'mentions',
      }),
    );
    return Number(Item?.mentions ?? 0);
  }

  /**
   * Whether a topic holds at least `atLeast` mentions in the window: reads no more than that
   * many items, so checking a busy topic costs the same as a quiet one.
   */
  async windowReaches(
    brand: string,
    topic: string,
    periods: SpikePeriods,
    atLeast: number,
  ): Promise<boolean> {
    let seen = 0;
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': keys.topicMention(brand, topic, '', '').PK,
            ':from': `M#${periods.firstMinute}`,
            ':to': `M#${periods.lastMinute}#~`,
          },
          Select: 'COUNT',
          Limit: atLeast - seen,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      seen += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey && seen < atLeast);
    return seen >= atLeast;
  }

  /**
   * Mentions of a topic in the baseline hours: whole hours before the window, which change only
   * by a late mention, so read eventually consistent.
   */
  async baselineCount(brand: string, topic: string, periods: SpikePeriods): Promise<number> {
    const items = await this.queryAll({
      pk: keys.topicHour(brand, topic, '').PK,
      from: `H#${periods.firstBaselineHour}`,
      to: `H#${periods.lastBaselineHour}#~`,
      projection: 'mentions',
      consistent: false,
    });
    return items.reduce((sum, item) => sum + Number(item.mentions ?? 0), 0);
  }

  /** The open incidents of a brand, by topic. */
  async openIncidents(brand: string): Promise<Map<string, string>> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.openIncident(brand, '').PK },
        ConsistentRead: true,
      }),
    );
    return new Map((Items ?? []).map((item) => [String(item.SK), String(item.incidentId)]));
  }

  /**
   * Opens an incident unless one is already open on its brand and topic. Returns the id of the
   * open incident: the new one, or the one another writer opened first. The new incident carries
   * `gatherClaimedAt` (its opening time) until its opener has gathered its window.
   */
  async open(
    draft: Omit<Incident, 'incidentId'>,
  ): Promise<{ incidentId: string; opened: boolean }> {
    const incidentId = `inc_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    const incident: Incident = { ...draft, incidentId };
    const pointer = keys.openIncident(draft.brand, draft.topic);
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...pointer, itemType: 'open-incident', incidentId },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...keys.incident(incidentId),
                itemType: 'incident',
                ...incident,
                gatherClaimedAt: incident.openedAt,
              },
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...keys.incidentListEntry(draft.openedAt, incidentId),
                itemType: 'incident-entry',
                incidentId,
              },
            },
          },
        ],
      });
      return { incidentId, opened: true };
    } catch (error) {
      if (!failedCondition(error)) throw error;
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: pointer, ConsistentRead: true }),
      );
      // Resolved in between: the caller sees the spike again on its next mention.
      if (!Item) throw error;
      return { incidentId: String(Item.incidentId), opened: false };
    }
  }

  async setSamples(incidentId: string, samples: readonly IncidentSample[]): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.incident(incidentId),
        UpdateExpression: 'SET samples = :samples',
        ExpressionAttributeValues: { ':samples': samples },
      }),
    );
  }

  /**
   * Puts a case in an incident: the case gets the incident id, leaves the `sla-due` index (it no
   * longer escalates on its own) and a timeline entry; the incident gets a member item. False
   * when the case is already in an incident or does not exist.
   */
  async join(incidentId: string, caseId: string, entry: TimelineEntry): Promise<boolean> {
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.case(caseId),
              UpdateExpression:
                'SET incidentId = :incident, #version = #version + :one REMOVE slaShard, slaDueAt',
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(incidentId)',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':incident': incidentId, ':one': 1 },
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...keys.incidentCase(incidentId, caseId),
                itemType: 'incident-case',
                caseId,
                joinedAt: entry.at,
              },
            },
          },
          { Put: { TableName: this.tableName, Item: timelineItem(caseId, entry) } },
        ],
      });
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }

  /** Counts one joined case on the incident; returns the incident as it is now. */
  async countJoin(incidentId: string, at: Date): Promise<IncidentState> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.incident(incidentId),
        UpdateExpression:
          'SET #counts.#minute = if_not_exists(#counts.#minute, :zero) + :one ADD caseCount :one',
        ExpressionAttributeNames: { '#counts': 'counts', '#minute': minuteOf(at) },
        ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return incidentStateOf(Attributes ?? {});
  }

  /** The incident and whether its window is still being gathered. */
  async state(incidentId: string): Promise<IncidentState | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.incident(incidentId),
        ConsistentRead: true,
      }),
    );
    return Item ? incidentStateOf(Item) : undefined;
  }

  async get(incidentId: string): Promise<Incident | undefined> {
    return (await this.state(incidentId))?.incident;
  }

  /**
   * Takes over gathering an incident's window from a gatherer that claimed it at `claimedAt` and
   * never finished; false when someone else took it over or finished first.
   */
  async claimGather(incidentId: string, claimedAt: string, now: Date): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.incident(incidentId),
          UpdateExpression: 'SET gatherClaimedAt = :now',
          ConditionExpression: 'gatherClaimedAt = :claimed',
          ExpressionAttributeValues: { ':now': now.toISOString(), ':claimed': claimedAt },
        }),
      );
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }

  /** The incident's window is gathered: nobody needs to take it over. */
  async finishGather(incidentId: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.incident(incidentId),
        UpdateExpression: 'REMOVE gatherClaimedAt',
      }),
    );
  }

  /** The ids of an incident's cases, in id order. */
  async caseIds(incidentId: string): Promise<string[]> {
    const items = await this.queryAll({
      pk: keys.incident(incidentId).PK,
      from: 'CASE#',
      to: 'CASE#~',
      projection: 'caseId',
    });
    return items.map((item) => String(item.caseId));
  }

  /** One page of an incident's cases, in case id order. */
  async casePage(
    incidentId: string,
    options: { limit: number; cursor?: string },
  ): Promise<{ cases: CaseFigures[]; cursor?: string }> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :case)',
        ExpressionAttributeValues: { ':pk': keys.incident(incidentId).PK, ':case': 'CASE#' },
        Limit: options.limit,
        ...(options.cursor
          ? { ExclusiveStartKey: keys.incidentCase(incidentId, options.cursor) }
          : {}),
      }),
    );
    const ids = (page.Items ?? []).map((item) => String(item.caseId));
    const items = await batchGet(
      this.client,
      this.tableName,
      ids.map((caseId) => keys.case(caseId)),
    );
    const byId = new Map(items.map((item) => [String(item.caseId), item]));
    const cases = ids.flatMap((caseId) => {
      const item = byId.get(caseId);
      return item ? [caseFiguresFromItem(item)] : [];
    });
    const last = ids.at(-1);
    return { cases, ...(page.LastEvaluatedKey && last ? { cursor: last } : {}) };
  }

  /** How many of these cases already belong to an incident. */
  async countInIncidents(caseIds: readonly string[]): Promise<number> {
    const items = await batchGet(
      this.client,
      this.tableName,
      caseIds.map((caseId) => keys.case(caseId)),
      { projection: 'incidentId' },
    );
    return items.filter((item) => typeof item.incidentId === 'string').length;
  }

  /** Incidents, newest first. */
  async list(options: { limit: number; cursor?: string }): Promise<IncidentPage> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'INCIDENTS' },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(options.cursor ? { ExclusiveStartKey: { PK: 'INCIDENTS', SK: options.cursor } } : {}),
      }),
    );
    const ids = (page.Items ?? []).map((item) => String(item.incidentId));
    const items = await batchGet(
      this.client,
      this.tableName,
      ids.map((id) => keys.incident(id)),
    );
    const byId = new Map(items.map((item) => [String(item.incidentId), item]));
    const incidents = ids.flatMap((id) => {
      const item = byId.get(id);
      return item ? [incidentFromItem(item)] : [];
    });
    const last = page.LastEvaluatedKey?.SK;
    return { incidents, ...(typeof last === 'string' ? { cursor: last } : {}) };
  }

  /**
   * Marks an open incident resolved and frees its topic, so new mentions no longer join it.
   * Returns the resolved incident, or undefined when it was not open.
   */
  async resolve(incident: Incident, actor: Actor, at: Date): Promise<Incident | undefined> {
    const resolved: Incident = {
      ...incident,
      status: 'resolved',
      resolvedAt: at.toISOString(),
      resolvedBy: actor,
    };
    try {
      await transactWrite(this.client, {
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.incident(incident.incidentId),
              UpdateExpression: 'SET #status = :resolved, resolvedAt = :at, resolvedBy = :actor',
              ConditionExpression: '#status = :open',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':resolved': 'resolved',
                ':open': 'open',
                ':at': resolved.resolvedAt,
                ':actor': actor,
              },
            },
          },
          {
            Delete: {
              TableName: this.tableName,
              Key: keys.openIncident(incident.brand, incident.topic),
              ConditionExpression: 'incidentId = :id',
              ExpressionAttributeValues: { ':id': incident.incidentId },
            },
          },
        ],
      });
      return resolved;
    } catch (error) {
      if (failedCondition(error)) return undefined;
      throw error;
    }
  }
}
