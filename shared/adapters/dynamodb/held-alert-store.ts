import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { HeldAlert } from '../../domain/alerts/held-alerts';
import { heldAlertsKey, keys } from './table-keys';
import { failedCondition } from './transact-write-item';

/**
 * The alerts each paced channel holds until its next digest, one item each under the channel's
 * partition. Holding is idempotent on the event: a redelivered invocation holds its alert once.
 * Held alerts do not expire: they stay until a digest has carried them.
 */
export class HeldAlertStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Keeps the alert; false when it was held already. */
  async hold(alert: HeldAlert): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.heldAlert(alert.channel, alert.eventId), itemType: 'held-alert', alert },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (failedCondition(error)) return false;
      throw error;
    }
  }

  /** Every alert the channel holds, in no particular order. */
  async list(channel: string): Promise<HeldAlert[]> {
    const alerts: HeldAlert[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :alert)',
          ExpressionAttributeValues: { ':pk': heldAlertsKey(channel), ':alert': 'ALERT#' },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) alerts.push(item.alert as HeldAlert);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return alerts;
  }

  /** Forgets alerts a digest has carried. */
  async release(alerts: readonly Pick<HeldAlert, 'channel' | 'eventId'>[]): Promise<void> {
    await Promise.all(
      alerts.map((alert) =>
        this.client.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: keys.heldAlert(alert.channel, alert.eventId),
          }),
        ),
      ),
    );
  }
}
