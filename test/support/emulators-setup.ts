/**
 * Jest globalSetup of the integration project: one DynamoDB Local for the whole run (the JVM
 * takes seconds to start). Test workers inherit the endpoint and credentials through process.env;
 * each test file then creates its own table and queues with the helpers in ./emulators.ts.
 */
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/ports';

declare global {
  var integrationDynamoDb: DynamoDbLocal | undefined;
}

export default async function startEmulators(): Promise<void> {
  const dynamoDb = await startDynamoDbLocal();
  globalThis.integrationDynamoDb = dynamoDb;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamoDb.endpoint;
  process.env.AWS_REGION = LOCAL_REGION;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
}
