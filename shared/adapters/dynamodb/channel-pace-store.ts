import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ChannelPace,
  type PaceReservation,
  reserveSlot,
} from '../../domain/alerts/channel-pacing';
import { keys } from './table-keys';
import { failedCondition } from './transact-write-item';

/** Rounds of the two conditional writes while the channel turns idle or busy under them. */
const RESERVE_ROUNDS = 5;
/** A pacing item is gone this long after it was last used. */
const PACE_ITEM_SECONDS = 2 * 86_400;

/** The channel kept changing between idle and busy under every attempt (never expected). */
export class ChannelPaceContentionError extends Error {
  override name = 'ChannelPaceContentionError';
}

/**
 * Each channel's pacing state in the table (its due time, as in `reserveSlot`), shared by every
 * concurrent sender. A slot is taken with one atomic write: on an idle channel (due time past)
 * the due time is set to one interval from now; on a busy one it is moved on by one interval
 * with `ADD`, which concurrent writers never conflict on, conditional on the slot being no more
 * than `maxWaitMs` away. So however many senders reserve at once, each gets its own slot.
 *
 * While the channel is holding alerts (`holdingSince`), every reservation is held too, so new
 * alerts join the held ones in the next digest; only the digest itself (`forDigest`) takes slots.
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
    options: { forDigest?: boolean } = {},
  ): Promise<PaceReservation> {
    const key = keys.channelPace(channel);
    const notHolding = options.forDigest ? '' : ' AND attribute_not_exists(holdingSince)';
    const interval = 60_000 / pace.perMinute;
    const ahead = (pace.burst - 1) * interval;
    const expiresAt = Math.floor(now / 1000) + PACE_ITEM_SECONDS;
    for (let round = 1; round <= RESERVE_ROUNDS; round += 1) {
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'SET itemType = :type, dueAt = :due, expiresAt = :expires',
            ConditionExpression: `(attribute_not_exists(dueAt) OR dueAt <= :now)${notHolding}`,
            ExpressionAttributeValues: {
              ':type': 'channel-pace',
              ':due': now + interval,
              ':now': now,
              ':expires': expiresAt,
            },
          }),
        );
        return reserveSlot(undefined, pace, now, maxWaitMs);
      } catch (error) {
        if (!failedCondition(error)) throw error;
      }
      // Busy: the slot is `ahead` before the due time; take it unless it is too far away.
      const limit = Number.isFinite(maxWaitMs) ? now + maxWaitMs + ahead : undefined;
      try {
        const { Attributes } = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'SET expiresAt = :expires ADD dueAt :interval',
            ConditionExpression: `${limit === undefined ? 'dueAt > :now' : 'dueAt > :now AND dueAt <= :limit'}${notHolding}`,
            ExpressionAttributeValues: {
              ':interval': interval,
              ':now': now,
              ':expires': expiresAt + Math.ceil(ahead / 1000),
              ...(limit === undefined ? {} : { ':limit': limit }),
            },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        // The slot is the one the due time before this write gave.
        return reserveSlot({ dueAt: Number(Attributes?.dueAt) - interval }, pace, now, Infinity);
      } catch (error) {
        if (!failedCondition(error)) throw error;
      }
      const item = await this.read(channel);
      if (!options.forDigest && item?.holdingSince !== undefined) {
        return { held: true, sendAt: now };
      }
      // Too far away: held, the state unchanged. Otherwise the channel went idle meanwhile.
      const seen = reserveSlot(
        typeof item?.dueAt === 'number' ? { dueAt: item.dueAt } : undefined,
        pace,
        now,
        maxWaitMs,
      );
      if ('held' in seen) return seen;
    }
    throw new ChannelPaceContentionError(
      `could not take a ${channel} slot in ${RESERVE_ROUNDS} rounds`,
    );
  }

  /**
   * From now on the channel's alerts are held until `stopHolding` (kept if already holding). Called
   * after the alert is held, and counted, so a flush that read the count before can tell.
   */
  async startHolding(channel: string, now: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.channelPace(channel),
        UpdateExpression:
          'SET itemType = :type, holdingSince = if_not_exists(holdingSince, :now), expiresAt = :expires ADD holds :one',
        ExpressionAttributeValues: {
          ':type': 'channel-pace',
          ':now': now,
          ':expires': Math.floor(now / 1000) + PACE_ITEM_SECONDS,
          ':one': 1,
        },
      }),
    );
  }

  /** How many alerts the channel has been told to hold so far (see `stopHolding`). */
  async holds(channel: string): Promise<number> {
    const item = await this.read(channel);
    return typeof item?.holds === 'number' ? item.holds : 0;
  }

  /**
   * The held alerts have gone out: alerts take slots of their own again — unless an alert was
   * held since the flush read `seenHolds` (before it found nothing left to send), which the flush
   * must send first. True when the channel no longer holds.
   */
  async stopHolding(channel: string, seenHolds: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.channelPace(channel),
          UpdateExpression: 'REMOVE holdingSince',
          ConditionExpression:
            'attribute_exists(holdingSince) AND (holds = :seen OR attribute_not_exists(holds))',
          ExpressionAttributeValues: { ':seen': seenHolds },
        }),
      );
      return true;
    } catch (error) {
      if (!failedCondition(error)) throw error;
    }
    return (await this.read(channel))?.holdingSince === undefined;
  }

  /** The channel's pacing item as it stands (a consistent read). */
  private async read(channel: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.channelPace(channel),
        ConsistentRead: true,
      }),
    );
    return Item;
  }
}
