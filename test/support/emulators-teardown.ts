/** Jest globalTeardown of the integration project: stops the DynamoDB Local of emulators-setup.ts. */
export default async function stopEmulators(): Promise<void> {
  await globalThis.integrationDynamoDb?.stop();
  globalThis.integrationDynamoDb = undefined;
}
