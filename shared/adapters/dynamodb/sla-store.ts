import {
  type NativeAttributeValue,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Case, EscalationStep, TimelineEntry } from '../../contracts/case';
import { TEST_ALERT_PREFIX } from '../../domain/sla/test-alert';
import type { SlaRecords, TimelineEntryKey } from '../../use-cases/ports/sla-records';
import { CaseStore } from './case-store';
import { caseChangeWrites, entriesOf, unchangedSince } from './case-writes';
import { keys, SLA_SHARDS, TABLE_INDEXES } from './table-keys';
import { timelineItem } from './timeline';
import type { TransactWriteItem } from './transact-write-item';

/** How long the outcome of a test alert is kept (the table's TTL removes it). */
const TEST_ALERT_RETENTION_SECONDS = 24 * 60 * 60;

type Item = Record<string, NativeAttributeValue>;

const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === 'TransactionCanceledException' ||
    error.name === 'ConditionalCheckFailedException');

/**
 * Escalation's reads and writes: cases whose next step is due (the sparse `sla-due` index, one
 * query per write shard), the conditional writes that make each step fire once, and the timeline
 * entries the notifier records for each delivery.
 */
export class SlaStore extends CaseStore implements SlaRecords {
  /** Ids of cases whose pending step is due at `now`, earliest first per shard (eventually consistent). */
  async dueCaseIds(now: Date): Promise<string[]> {
    const index = TABLE_INDEXES.slaDue;
    const shards = Array.from({ length: SLA_SHARDS }, (_, shard) => `SLA#${shard}`);
    const perShard = await Promise.all(
      shards.map(async (shard) => {
        const ids: string[] = [];
        let startKey: Item | undefined;
        do {
          const page = await this.client.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: index.name,
              KeyConditionExpression: '#shard = :shard AND #due <= :now',
              ExpressionAttributeNames: { '#shard': index.partitionKey, '#due': index.sortKey },
              ExpressionAttributeValues: { ':shard': shard, ':now': now.toISOString() },
              ProjectionExpression: 'caseId',
              ExclusiveStartKey: startKey,
            }),
          );
          for (const item of page.Items ?? []) {
            if (typeof item.caseId === 'string') ids.push(item.caseId);
          }
          startKey = page.LastEvaluatedKey;
        } while (startKey);
        return ids;
      }),
    );
    return perShard.flat();
  }

  /**
   * Writes the case as it is after an escalation step, with its timeline entry, in one transaction
   * conditional on the version read and the exact step the case was waiting for; so of two
   * sweepers that read the same case, one wins and the other gets false.
   */
  async recordStep(input: {
    before: Case;
    pending: EscalationStep;
    after: Case;
    entry?: TimelineEntry;
  }): Promise<{ written: boolean; timelineKey?: TimelineEntryKey }> {
    const timeline = input.entry && timelineItem(input.after.caseId, input.entry);
    const written = await this.writeUnlessConflict([
      ...entriesOf(
        caseChangeWrites(this.tableName, input, {
          expression:
            '#version = :version AND #sla.#next.#kind = :kind AND #sla.#next.#level = :level AND #sla.#next.#due = :due',
          names: {
            '#version': 'version',
            '#sla': 'sla',
            '#next': 'next',
            '#kind': 'kind',
            '#level': 'level',
            '#due': 'dueAt',
          },
          values: {
            ':version': input.before.version,
            ':kind': input.pending.kind,
            ':level': input.pending.level,
            ':due': input.pending.dueAt,
          },
        }),
      ),
      ...(timeline ? [{ Put: { TableName: this.tableName, Item: timeline } }] : []),
    ]);
    if (!written) return { written: false };
    return {
      written: true,
      ...(timeline ? { timelineKey: { PK: String(timeline.PK), SK: String(timeline.SK) } } : {}),
    };
  }

  /**
   * Puts a case back as it was before a step whose event could not be published, so the next
   * sweep fires the step again; conditional on nothing else having changed the case since.
   * Returns false when something had.
   */
  async revertStep(input: {
    before: Case;
    after: Case;
    timelineKey?: TimelineEntryKey;
  }): Promise<boolean> {
    return this.writeUnlessConflict([
      ...entriesOf(
        caseChangeWrites(
          this.tableName,
          // The version keeps rising, so writers that read the fired case see a conflict.
          { before: input.after, after: { ...input.before, version: input.after.version + 1 } },
          unchangedSince(input.after),
        ),
      ),
      ...(input.timelineKey
        ? [{ Delete: { TableName: this.tableName, Key: input.timelineKey } }]
        : []),
    ]);
  }

  /** Runs the transaction; false when one of its conditions failed, so nothing was written. */
  private async writeUnlessConflict(items: TransactWriteItem[]): Promise<boolean> {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Appends one entry to a case's timeline (deliveries and their failures). */
  async appendTimeline(caseId: string, entry: TimelineEntry): Promise<void> {
    if (caseId.startsWith(TEST_ALERT_PREFIX)) {
      // A test alert has no case: its outcome stands alone, for a day, for GET /alerts/test/{id}.
      const expiresAt = Math.floor(Date.parse(entry.at) / 1000) + TEST_ALERT_RETENTION_SECONDS;
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...timelineItem(caseId, entry), expiresAt },
        }),
      );
      return;
    }
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: { TableName: this.tableName, Item: timelineItem(caseId, entry) },
          },
          {
            ConditionCheck: {
              TableName: this.tableName,
              Key: keys.case(caseId),
              ConditionExpression: 'attribute_exists(PK)',
            },
          },
        ],
      }),
    );
  }
}
