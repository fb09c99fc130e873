import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { IngestBenchError, measureIngest } from '../../../scripts/bench/ingest-cost';

/** The integration project's DynamoDB Local (test/support/emulators-setup.ts). */
const dynamoDbEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;

describe('the ingest benchmark', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('measures ingest reading its duplicates from a table, with nothing logged as failed', async () => {
    const sends = jest.spyOn(DynamoDBDocumentClient.prototype, 'send');
    const cost = await measureIngest({ rounds: 3, dynamoDbEndpoint });
    expect(cost.webhooks).toBe(12);
    expect(cost.usPerWebhook).toBeGreaterThan(0);
    // The warm-up and five runs of twelve webhooks, each one duplicates read that succeeded.
    expect(sends).toHaveBeenCalledTimes(4 + 5 * 12);
    for (const { value } of sends.mock.results) await expect(value).resolves.toBeDefined();
  });

  it('fails when the handler logs that it could not read the table', async () => {
    jest
      .spyOn(DynamoDBDocumentClient.prototype, 'send')
      .mockRejectedValue(new Error('Could not load credentials from any providers') as never);
    const run = measureIngest({ rounds: 3, dynamoDbEndpoint });
    await expect(run).rejects.toThrow(IngestBenchError);
    await expect(run).rejects.toThrow(/could not tell whether the mentions were duplicates/);
  });
});
