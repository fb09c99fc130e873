import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

/** One entry of a TransactWriteItems request (document client form). */
export type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
