import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { genericPlatform } from '../../../shared/adapters/platforms/generic';
import { secretsFromMap } from '../../../shared/contracts/secrets';
import { runCli } from '../../support/cli';
import { startTestQueues, type TestQueues } from '../../support/emulators';

const run = (argv: string[], env: Record<string, string | undefined> = {}) => runCli(argv, { env });

describe('responder dlq', () => {
  let queues: TestQueues;
  const deadLetters = [
    { type: 'mention.received', receivedAt: '2025-05-13T09:14:29.000Z', note: 'first' },
    { type: 'mention.received', receivedAt: '2025-05-13T09:15:02.000Z', note: 'second' },
    { type: 'mention.received', receivedAt: '2025-05-13T09:16:40.000Z', note: 'third' },
  ].map((letter) => JSON.stringify(letter));

  beforeAll(async () => {
    queues = await startTestQueues();
    for (const body of deadLetters) {
      await queues.client.send(
        new SendMessageCommand({ QueueUrl: queues.queueUrls.mentionsDlq, MessageBody: body }),
      );
    }
  });
  afterAll(async () => queues.stop());

  const visibleIn = async (queueUrl: string): Promise<number> => {
    const { Attributes } = await queues.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages);
  };

  it('prints every dead letter once and leaves them in the queue when inspecting', async () => {
    const { code, out, err } = await run(['dlq', 'inspect', '--queue', 'mentions-dlq']);

    expect(code).toBe(0);
    const letters = out.map((line) => JSON.parse(line) as { body: string; messageId: string });
    expect(letters.map((letter) => letter.body).sort()).toEqual([...deadLetters].sort());
    expect(new Set(letters.map((letter) => letter.messageId)).size).toBe(3);
    expect(err).toEqual([`3 message(s) in ${queues.queueUrls.mentionsDlq}`]);
  });

  it('stops at --max when inspecting', async () => {
    const { code, out } = await run(['dlq', 'inspect', '--queue', 'mentions-dlq', '--max', '2']);

    expect(code).toBe(0);
    expect(out).toHaveLength(2);
  });

  it('moves the dead letters back to the mentions queue when redriving', async () => {
    // Inspected letters stay hidden for a few seconds; redrive takes them once visible again.
    const { code, out } = await run([
      'dlq',
      'redrive',
      '--queue',
      queues.queueUrls.mentionsDlq,
      '--to',
      'mentions',
    ]);

    expect(code).toBe(0);
    expect(out).toEqual([
      `moved 3 message(s) from ${queues.queueUrls.mentionsDlq} to ${queues.queueUrls.mentions}`,
    ]);
    const { Messages = [] } = await queues.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.queueUrls.mentions,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    expect(Messages.map((message) => message.Body).sort()).toEqual([...deadLetters].sort());
    expect(await visibleIn(queues.queueUrls.mentionsDlq)).toBe(0);
  });

  it('finds a queue by its name without the stack stage prefix', async () => {
    const { QueueUrl } = await queues.client.send(
      new CreateQueueCommand({ QueueName: 'social-responder-prod-audit-dlq' }),
    );
    const { code, err } = await run(['dlq', 'inspect', '--queue', 'audit-dlq']);

    expect(code).toBe(0);
    expect(err).toEqual([`0 message(s) in ${QueueUrl}`]);
  });

  it('asks for the full name when several stages have the queue', async () => {
    for (const stage of ['prod', 'staging']) {
      await queues.client.send(
        new CreateQueueCommand({ QueueName: `social-responder-${stage}-billing-dlq` }),
      );
    }
    const { code, err } = await run(['dlq', 'inspect', '--queue', 'billing-dlq']);

    expect(code).toBe(1);
    expect(err.join('\n')).toContain(
      'several stages have a queue billing-dlq; pass one of: social-responder-prod-billing-dlq, social-responder-staging-billing-dlq',
    );
  });

  it('names the queue when it does not exist', async () => {
    const { code, err } = await run(['dlq', 'inspect', '--queue', 'no-such-queue']);

    expect(code).toBe(1);
    expect(err.join('\n')).toContain('no-such-queue');
  });
});

describe('responder replay', () => {
  const SECRET = `whsec_${Buffer.from('replay-test-signing-key-0123456').toString('base64')}`;
  let server: Server;
  let url: string;
  const received: {
    verified: boolean;
    reason?: string;
    body: unknown;
    id: string;
    query?: string;
  }[] = [];

  beforeAll(async () => {
    // A stand-in for the ingest route that checks signatures with the product's own verifier.
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        const body = Buffer.concat(chunks);
        const target = new URL(request.url ?? '/', 'http://stand-in');
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
        );
        try {
          await genericPlatform.verify(
            { method: request.method ?? 'POST', headers, query: {}, body },
            secretsFromMap({ GENERIC_WEBHOOK_SECRETS: SECRET }),
            new Date(),
          );
          received.push({
            verified: true,
            body: JSON.parse(body.toString()),
            id: headers['webhook-id'] ?? '',
            query: target.search,
          });
          response.writeHead(target.pathname === '/webhooks/generic' ? 200 : 404).end('{}');
        } catch (error) {
          received.push({ verified: false, reason: (error as Error).message, body: null, id: '' });
          response.writeHead(401).end(JSON.stringify({ error: (error as Error).message }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
  });

  const fixture = JSON.parse(
    readFileSync(join(__dirname, '../../fixtures/generic/mention-created.json'), 'utf8'),
  ) as { data: { id: string } };
  const replayFile = () => {
    const path = join(tmpdir(), `replay-${process.pid}-${Date.now()}.jsonl`);
    const second = { ...fixture, data: { ...fixture.data, id: `${fixture.data.id}-2` } };
    writeFileSync(path, `${JSON.stringify(fixture)}\n\n${JSON.stringify(second.data)}\n`);
    return path;
  };

  it('posts each mention as a Standard Webhook that verifies with the shared secret', async () => {
    const { code, out } = await run(['replay', replayFile(), '--url', url], {
      GENERIC_WEBHOOK_SECRETS: SECRET,
    });

    expect(code).toBe(0);
    expect(out).toEqual(['sent 2 of 2 mention(s)']);
    expect(received.map((request) => request.verified)).toEqual([true, true]);
    expect(received.map((request) => (request.body as { data: { id: string } }).data.id)).toEqual([
      fixture.data.id,
      `${fixture.data.id}-2`,
    ]);
    expect(new Set(received.map((request) => request.id)).size).toBe(2);
    // It asks the answer to count mentions already recorded.
    expect(received.map((request) => request.query)).toEqual([
      '?countDuplicates=true',
      '?countDuplicates=true',
    ]);
  });

  it('reports each refused mention and exits 1 when signed with another secret', async () => {
    const other = `whsec_${Buffer.from('some-other-signing-key-98765432').toString('base64')}`;
    const { code, out, err } = await run(['replay', replayFile(), '--url', url, '--secret', other]);

    expect(code).toBe(1);
    expect(received.map((request) => request.verified)).toEqual([false, false]);
    expect(err).toHaveLength(2);
    expect(err[0]).toMatch(/\.jsonl:1: 401 .*does not match/);
    expect(err[1]).toMatch(/\.jsonl:3: 401 /);
    expect(out).toEqual(['sent 0 of 2 mention(s); 2 bad line(s): 1, 3']);
  });
});
