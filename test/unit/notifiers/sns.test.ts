import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SNSClient } from '@aws-sdk/client-sns';
import { DeliveryError } from '../../../shared/adapters/alerts/http-delivery';
import { SnsNotifier } from '../../../shared/adapters/sns/sns-notifier';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:acme-escalations';

/** A loopback stand-in for the SNS query API: answers Publish, or fails with `failWith`. */
const startSns = async (failWith?: { status: number; code: string }) => {
  const publishes: URLSearchParams[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    publishes.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    response.writeHead(failWith?.status ?? 200, { 'content-type': 'text/xml' });
    response.end(
      failWith
        ? `<ErrorResponse><Error><Type>Sender</Type><Code>${failWith.code}</Code><Message>refused</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`
        : '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new SNSClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return {
    client,
    publishes,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

describe('SnsNotifier', () => {
  it('publishes the subject and message to the configured topic', async () => {
    const sns = await startSns();
    try {
      await new SnsNotifier(sns.client, TOPIC).send({
        subject: 'P1 SLA breached: first response · level 1 (x)',
        message: 'P1 SLA breached: first response · level 1, 12 min overdue.',
      });
      expect(sns.publishes).toHaveLength(1);
      expect(Object.fromEntries(sns.publishes[0] ?? [])).toMatchObject({
        Action: 'Publish',
        TopicArn: TOPIC,
        Subject: 'P1 SLA breached: first response · level 1 (x)',
        Message: 'P1 SLA breached: first response · level 1, 12 min overdue.',
      });
    } finally {
      await sns.stop();
    }
  });

  it('throws a DeliveryError that is not retryable when SNS refuses the request', async () => {
    const sns = await startSns({ status: 400, code: 'InvalidParameter' });
    try {
      const error = await new SnsNotifier(sns.client, TOPIC)
        .send({ subject: 's', message: 'm' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).details).toMatchObject({ retryable: false, status: 400 });
    } finally {
      await sns.stop();
    }
  });
});
