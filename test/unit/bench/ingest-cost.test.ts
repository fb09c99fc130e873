import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { IngestBenchError, measureIngest } from '../../../scripts/bench/ingest-cost';

describe('the ingest benchmark', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('measures webhooks as platforms post them, reading no table, with nothing logged as failed', async () => {
    const sends = jest.spyOn(DynamoDBDocumentClient.prototype, 'send');
    const cost = await measureIngest({ rounds: 3 });
    expect(cost.webhooks).toBe(12);
    expect(cost.usPerWebhook).toBeGreaterThan(0);
    expect(cost.floorUsPerWebhook).toBeGreaterThan(0);
    expect(sends).not.toHaveBeenCalled();
  });

  it('fails when the handler logs a warning: the figure would measure a failure', async () => {
    jest.spyOn(Logger.prototype, 'info').mockImplementation(function (this: Logger) {
      this.warn('injected fault');
    });
    const run = measureIngest({ rounds: 3 });
    await expect(run).rejects.toThrow(IngestBenchError);
    await expect(run).rejects.toThrow(/injected fault/);
  });
});
