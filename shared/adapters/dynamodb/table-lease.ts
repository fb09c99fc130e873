/**
 * A lease in the case table: a conditional put takes it when it is free or its time has passed,
 * and an update conditional on the holder gives it back. Waiters poll until it is free.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Lease, LeaseUnavailableError } from '../../use-cases/ports/lease';
import { keys } from './table-keys';

export interface TableLeaseOptions {
  /** How long a lease is held at most (a holder that crashed frees it after this). */
  readonly leaseMs?: number;
  /** How long to wait for a lease before giving up. */
  readonly waitMs?: number;
  /** Between two tries while it is held. */
  readonly pollMs?: number;
}

export class TableLease implements Lease {
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: TableLeaseOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.waitMs = options.waitMs ?? 40_000;
    this.pollMs = options.pollMs ?? 200;
  }

  async hold<T>(name: string, work: () => Promise<T>): Promise<T> {
    const holder = randomUUID();
    const deadline = Date.now() + this.waitMs;
    while (!(await this.take(name, holder))) {
      if (Date.now() > deadline) {
        throw new LeaseUnavailableError(`the lease ${name} stayed taken for ${this.waitMs} ms`);
      }
      await sleep(this.pollMs);
    }
    try {
      return await work();
    } finally {
      await this.give(name, holder);
    }
  }

  private async take(name: string, holder: string): Promise<boolean> {
    const now = Date.now();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.lease(name),
            holder,
            until: now + this.leaseMs,
            // TTL (seconds): a lease nobody takes again is removed in time.
            expiresAt: Math.ceil((now + this.leaseMs) / 1000) + 86_400,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR #until < :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async give(name: string, holder: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.lease(name),
          UpdateExpression: 'SET #until = :free',
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':free': 0, ':holder': holder },
        }),
      );
    } catch (error) {
      // Held past its time and taken by another: theirs now.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
