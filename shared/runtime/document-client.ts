/** The DynamoDB Document client of a function, over the kit's DynamoDB client. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FunctionKit } from './function-kit';

export type { DynamoDBDocumentClient };

const documentClients = new WeakMap<DynamoDBClient, DynamoDBDocumentClient>();

/** Built once per kit: item attributes that are undefined are left out, as the adapters expect. */
export const documentClientOf = (kit: FunctionKit): DynamoDBDocumentClient => {
  const dynamoDb = kit.client(DynamoDBClient);
  let documents = documentClients.get(dynamoDb);
  if (!documents) {
    documents = DynamoDBDocumentClient.from(dynamoDb, {
      marshallOptions: { removeUndefinedValues: true },
    });
    documentClients.set(dynamoDb, documents);
  }
  return documents;
};
