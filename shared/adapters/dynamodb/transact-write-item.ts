import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** One entry of a TransactWriteItems request (document client form). */
export type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The reason codes of a cancelled transaction, one per entry; undefined for any other error. */
export const cancellationCodes = (error: unknown): (string | undefined)[] | undefined =>
  error instanceof Error && error.name === 'TransactionCanceledException'
    ? (
        (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []
      ).map((reason) => reason.Code)
    : undefined;

/** Whether a write failed its condition (a transaction: one of its entries did). */
export const failedCondition = (error: unknown): boolean =>
  (error instanceof Error && error.name === 'ConditionalCheckFailedException') ||
  (cancellationCodes(error)?.includes('ConditionalCheckFailed') ?? false);

/** Attempts at a transaction that only conflicts with concurrent writes to its items. */
const CONFLICT_ATTEMPTS = 6;

/**
 * Writes a transaction, again after a short random pause while DynamoDB cancels it only because
 * another write to one of its items was in progress (`TransactionConflict`): that says nothing
 * about its conditions, so it is not reported as a condition failure.
 */
export const transactWrite = async (
  client: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  pause: (attempt: number) => Promise<void> = (attempt) =>
    new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt)),
): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand(input));
      return;
    } catch (error) {
      const codes = cancellationCodes(error);
      const conflictOnly =
        codes?.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
      if (!conflictOnly || attempt >= CONFLICT_ATTEMPTS) throw error;
      await pause(attempt);
    }
  }
};
