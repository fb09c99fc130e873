import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ChannelPace,
  type PaceReservation,
  reserveSlot,
} from '../../domain/alerts/channel-pacing';
import { keys } from './table-keys';

/** Attempts at one reservation while other notifiers keep taking slots of the same channel. */
const RESERVE_ATTEMPTS = 20;

/** Many notifiers kept taking the channel's slots; the delivery fails as retryable. */
export class ChannelPaceContentionError extends Error {
  override name = 'ChannelPaceContentionError';
}

const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * Each channel's pacing state in the table, shared by every concurrent notifier: a slot is taken
 * with a conditional write on the version read, so two notifiers never take the same slot.
 */
export class ChannelPaceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async reserve(
    channel: string,
    pace: ChannelPace,
    now: number,
    maxWaitMs: number,
  ): Promise<PaceReservation> {
    const key = keys.channelPace(channel);
    for (let attempt = 1; attempt <= RESERVE_ATTEMPTS; attempt += 1) {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      );
      const version = typeof Item?.version === 'number' ? Item.version : 0;
      const state = typeof Item?.dueAt === 'number' ? { dueAt: Item.dueAt } : undefined;
      const reservation = reserveSlot(state, pace, now, maxWaitMs);
      if ('held' in reservation) return reservation;
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...key,
              itemType: 'channel-pace',
              dueAt: reservation.next.dueAt,
              version: version + 1,
              // Gone a day after the channel was last used.
              expiresAt: Math.floor(reservation.next.dueAt / 1000) + 86_400,
            },
            ConditionExpression: Item ? 'version = :version' : 'attribute_not_exists(PK)',
            ...(Item ? { ExpressionAttributeValues: { ':version': version } } : {}),
          }),
        );
        return reservation;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new ChannelPaceContentionError(
      `could not take a ${channel} slot after ${RESERVE_ATTEMPTS} attempts`,
    );
  }
}
