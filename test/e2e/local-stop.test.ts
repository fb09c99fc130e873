/**
 * Stopping `npm start` as a person does: Ctrl-C in a terminal signals the whole foreground process
 * group. Every mention acknowledged before it is triaged into the table, and no DynamoDB Local is
 * left running. And while a stop drains the queue, new webhooks get 503.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { createTriageHandler } from '../../functions/triage';
import { localDynamoDbClient, startDynamoDbLocal } from '../../infra/local/dynamodb';
import { LOCAL_TABLE_NAME, type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { eventually } from '../support/eventually';
import { TEST_SECRETS } from '../support/signed-webhooks';
import { freshGenericHeaders } from './support';

jest.setTimeout(240_000);

const REPOSITORY_ROOT = resolve(__dirname, '..', '..');

/**
 * `npm start`'s command with the repository's paths made absolute, so the runtime can run (and
 * keep its .data/) in a scratch directory.
 */
const startCommand = (): string[] => {
  const { scripts } = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  expect(scripts.start).toBe('node --import tsx infra/local/main.ts');
  return [
    '--import',
    pathToFileURL(require.resolve('tsx')).href,
    join(REPOSITORY_ROOT, 'infra', 'local', 'main.ts'),
  ];
};

const mentionBody = (index: number): string =>
  JSON.stringify({
    type: 'mention.created',
    timestamp: new Date().toISOString(),
    data: {
      id: `stop-${index}`,
      source: 'g2',
      text: `Order ${1000 + index} arrived broken and support has not answered in three days.`,
      author: { id: `usr_stop_${index}`, name: `Customer ${index}` },
      createdAt: new Date().toISOString(),
    },
  });

const postMention = (url: string, index: number): Promise<Response> => {
  const body = mentionBody(index);
  return fetch(`${url}/webhooks/generic`, {
    method: 'POST',
    headers: freshGenericHeaders(body),
    body,
  });
};

/** Process ids of the DynamoDB Local JVMs whose database lives under `directory`. */
const dynamoDbLocalProcesses = (directory: string): number[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return command.includes('DynamoDBLocal.jar') && command.includes(directory);
      } catch {
        return false;
      }
    })
    .map(Number);

/** The mention-seen items of a table kept under `dataDirectory`, read with a fresh emulator. */
const seenMentionIds = async (dataDirectory: string): Promise<string[]> => {
  const emulator = await startDynamoDbLocal({ dataDirectory });
  const client = localDynamoDbClient(emulator.endpoint);
  try {
    const ids: string[] = [];
    let startKey: Record<string, never> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: LOCAL_TABLE_NAME, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) {
        if (item.itemType?.S === 'mention-seen' && item.mentionId?.S) ids.push(item.mentionId.S);
      }
      startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (startKey);
    return ids;
  } finally {
    client.destroy();
    await emulator.stop();
  }
};

describe('npm start stopped with Ctrl-C', () => {
  let directory: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'responder-stop-'));
  });
  afterAll(() => {
    if (child?.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    for (const pid of dynamoDbLocalProcesses(directory)) process.kill(pid, 'SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  });

  let output = '';
  /** Starts what `npm start` starts, leading a process group as a terminal's foreground job does. */
  const startInScratchDirectory = (): ChildProcess => {
    output = '';
    const started = spawn(process.execPath, startCommand(), {
      cwd: directory,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PORT: '0',
        GENERIC_WEBHOOK_SECRETS: TEST_SECRETS.GENERIC_WEBHOOK_SECRETS,
        RESPONDER_CONFIG: '',
      },
    });
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    started.stdout?.on('data', collect);
    started.stderr?.on('data', collect);
    return started;
  };
  const exitOf = (started: ChildProcess) =>
    new Promise<number | null>((done) => started.once('exit', (code) => done(code)));

  it('exits on Ctrl-C during start-up and takes DynamoDB Local with it', async () => {
    child = startInScratchDirectory();
    const exited = exitOf(child);
    await eventually(
      () => dynamoDbLocalProcesses(directory),
      (pids) => pids.length === 1,
      120_000,
    );

    process.kill(-(child.pid ?? 0), 'SIGINT');

    expect({ code: await exited, output: output.slice(-3_000) }).toMatchObject({ code: 130 });
    await eventually(
      () => dynamoDbLocalProcesses(directory),
      (pids) => pids.length === 0,
    );
  });

  it('triages every acknowledged mention before it stops, and leaves no DynamoDB Local running', async () => {
    child = startInScratchDirectory();
    const exited = exitOf(child);
    const started = await eventually(
      () => /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1],
      (url) => url !== undefined,
      180_000,
    );
    const url = started ?? '';
    const emulators = dynamoDbLocalProcesses(directory);
    expect(emulators).toHaveLength(1);

    const burst = Array.from({ length: 40 }, (_, index) => index);
    const answers = await Promise.all(burst.map((index) => postMention(url, index)));
    expect(answers.map((answer) => answer.status)).toEqual(burst.map(() => 200));

    process.kill(-(child.pid ?? 0), 'SIGINT');

    expect({ code: await exited, output: output.slice(-3_000) }).toMatchObject({ code: 0 });
    expect(output).toContain('queues drained');
    expect(dynamoDbLocalProcesses(directory)).toEqual([]);
    const seen = await seenMentionIds(join(directory, '.data', 'dynamodb'));
    expect(seen.sort()).toEqual(burst.map((index) => `g2:stop-${index}`).sort());
  });
});

describe('LocalRuntime.stop', () => {
  let runtime: LocalRuntime | undefined;
  afterAll(async () => {
    await runtime?.stop();
  });

  it('answers 503 to webhooks while it drains the queue, and triages what was queued', async () => {
    let releaseTriage: () => void = () => undefined;
    const triageHeld = new Promise<void>((release) => {
      releaseTriage = release;
    });
    const logged: string[] = [];
    const triaged: string[] = [];
    runtime = await startLocalRuntime({
      inMemory: true,
      env: { ...TEST_SECRETS, CASES_API_TOKEN: 'stop-test-token' },
      log: (line) => logged.push(line),
      factories: {
        // The real triage, held back until the test lets it go.
        triage: (ctx) => {
          const triage = createTriageHandler(ctx);
          return async (event) => {
            await triageHeld;
            const response = await triage(event);
            const failed = new Set(response.batchItemFailures.map((item) => item.itemIdentifier));
            for (const record of event.Records) {
              if (!failed.has(record.messageId)) triaged.push(record.body);
            }
            return response;
          };
        },
      },
    });
    const { url } = runtime;
    expect((await postMention(url, 100)).status).toBe(200);

    const stopping = runtime.stop();
    runtime = undefined;
    const refused = await eventually(
      () => postMention(url, 101),
      (answer) => answer.status === 503,
    );
    expect(await refused.json()).toEqual({ message: 'Service Unavailable' });
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(triaged).toEqual([]);
    releaseTriage();
    await stopping;

    expect(triaged).toHaveLength(1);
    expect(triaged[0]).toContain('"usr_stop_100"');
    expect(logged).toContain('queues drained');
  });
});
