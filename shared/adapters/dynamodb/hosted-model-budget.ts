import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HostedModelBudget } from '../../use-cases/ports/hosted-model';
import { keys } from './table-keys';

/** A day's counter outlives its day by this much, then TTL removes it. */
const KEEP_SECONDS = 2 * 86_400;

/**
 * The hosted model's daily budget as one counter item per UTC day: a conditional increment, so
 * concurrent function instances together never spend more than the budget.
 */
export class DynamoDbHostedModelBudget implements HostedModelBudget {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async spend(now: Date, dailyBudget: number): Promise<boolean> {
    if (dailyBudget <= 0) return false;
    const day = now.toISOString().slice(0, 10);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.hostedModelBudget(day),
          UpdateExpression: 'SET itemType = :itemType, expiresAt = :expiresAt ADD calls :one',
          ConditionExpression: 'attribute_not_exists(calls) OR calls < :budget',
          ExpressionAttributeValues: {
            ':itemType': 'hosted-model-budget',
            ':expiresAt': Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + KEEP_SECONDS,
            ':one': 1,
            ':budget': dailyBudget,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
