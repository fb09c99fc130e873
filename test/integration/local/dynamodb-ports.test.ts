import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  DynamoDbLocalError,
  localDynamoDbClient,
  PORT_ATTEMPTS,
  startDynamoDbLocal,
} from '../../../infra/local/dynamodb';
import { findFreePort } from '../../../infra/local/ports';

interface HeldPort {
  readonly port: number;
  release(): Promise<void>;
}

/**
 * Holds a port on every interface, as another process would when it binds it first: it accepts
 * connections and never answers them.
 */
const occupy = async (): Promise<HeldPort> => {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.listen(0, '0.0.0.0');
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port was assigned');
  return {
    port: address.port,
    release: () =>
      new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
};

/** Each attempt starts a JVM, which takes seconds, up to a minute on a busy machine. */
const PER_ATTEMPT_MS = 120_000;

describe('startDynamoDbLocal on a port taken before the emulator binds it', () => {
  const held: HeldPort[] = [];
  afterEach(async () => {
    await Promise.all(held.splice(0).map((port) => port.release()));
  });

  it(
    'tries another port and answers there',
    async () => {
      const taken = await occupy();
      held.push(taken);
      const ports = [taken.port, await findFreePort()];
      const chosen: number[] = [];
      const emulator = await startDynamoDbLocal({
        choosePort: async () => {
          const port = ports[chosen.length] ?? (await findFreePort());
          chosen.push(port);
          return port;
        },
      });
      try {
        expect(chosen).toEqual(ports);
        expect(emulator.port).toBe(ports[1]);
        const client = localDynamoDbClient(emulator.endpoint);
        await expect(client.send(new ListTablesCommand({}))).resolves.toHaveProperty('TableNames');
        client.destroy();
      } finally {
        await emulator.stop();
      }
    },
    2 * PER_ATTEMPT_MS,
  );

  it(
    `gives up after ${PORT_ATTEMPTS} taken ports with an error naming each`,
    async () => {
      for (let i = 0; i < PORT_ATTEMPTS; i += 1) held.push(await occupy());
      const ports = held.map(({ port }) => port);
      let calls = 0;
      const error = await startDynamoDbLocal({
        choosePort: async () => {
          calls += 1;
          return ports[calls - 1] ?? (await findFreePort());
        },
      }).catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(DynamoDbLocalError);
      expect(calls).toBe(PORT_ATTEMPTS);
      for (const port of ports) expect(String(error)).toContain(`port ${port}`);
      expect(String(error)).toMatch(/Address already in use/);
    },
    PORT_ATTEMPTS * PER_ATTEMPT_MS,
  );

  it(
    'tries only the port it was given',
    async () => {
      const taken = await occupy();
      held.push(taken);
      let chosen = 0;
      const error = await startDynamoDbLocal({
        port: taken.port,
        choosePort: async () => {
          chosen += 1;
          return findFreePort();
        },
      }).catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(DynamoDbLocalError);
      expect(String(error)).toContain(`on port ${taken.port}`);
      expect(chosen).toBe(0);
    },
    PER_ATTEMPT_MS,
  );
});
