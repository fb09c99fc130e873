/**
 * The gateway's 10 MB body limit as real HTTP clients meet it: curl, and a raw socket that keeps
 * sending. The client must read the 413, not a connection reset, and the gateway must not read an
 * oversized body for longer than its linger bounds.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type HttpGateway, startHttpGateway } from '../../../infra/local/http-gateway';
import { ROUTES } from '../../../infra/topology';

const run = promisify(execFile);

/** Over API Gateway's 10 MB payload limit. */
const OVERSIZED_BYTES = 12 * 1024 * 1024;

describe('startHttpGateway with a body over the limit', () => {
  let gateway: HttpGateway;
  let directory: string;
  let oversizedFile: string;
  let invocations = 0;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'gateway-body-limit-'));
    oversizedFile = join(directory, 'oversized.json');
    writeFileSync(oversizedFile, Buffer.alloc(OVERSIZED_BYTES, 'a'));
    gateway = await startHttpGateway({
      routes: ROUTES,
      functions: {
        ingest: async () => {
          invocations += 1;
          return { statusCode: 200, body: '{}' };
        },
      },
      operatorToken: 'unused',
      health: async () => ({}),
      linger: { totalMs: 1_500, idleMs: 500 },
    });
  });
  afterAll(async () => {
    await gateway.stop();
    rmSync(directory, { recursive: true, force: true });
  });
  beforeEach(() => {
    invocations = 0;
  });

  /** curl's status code, bytes uploaded and exit status for an upload of the oversized file. */
  const curlUpload = async (...headers: string[]) => {
    const { stdout } = await run('curl', [
      '--silent',
      '--show-error',
      '--output',
      '/dev/null',
      '--write-out',
      '%{http_code} %{size_upload}',
      ...headers.flatMap((header) => ['--header', header]),
      '--data-binary',
      `@${oversizedFile}`,
      `${gateway.url}/webhooks/generic`,
    ]);
    const [status, uploaded] = stdout.split(' ').map(Number);
    return { status, uploaded };
  };

  it('answers 413 to a declared length over the limit before curl, waiting for 100 Continue, sends any of it', async () => {
    const { status, uploaded } = await curlUpload('Expect: 100-continue');

    expect({ status, uploaded }).toEqual({ status: 413, uploaded: 0 });
    expect(invocations).toBe(0);
  });

  it('lets curl read the 413 of a chunked body that outgrows the limit, rather than a reset', async () => {
    // execFile rejects when curl exits non-zero, as it does on "Connection reset by peer".
    const { status } = await curlUpload('Transfer-Encoding: chunked');

    expect(status).toBe(413);
    expect(invocations).toBe(0);
  });

  it('stops reading a body that never ends once the linger bounds pass, after answering 413', async () => {
    const socket = connect(gateway.port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => {
      answer += text;
    });
    socket.on('error', () => undefined);
    const closedByGateway = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      'POST /webhooks/generic HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const chunk = Buffer.alloc(256 * 1024, 'a');
    const framed = Buffer.concat([
      Buffer.from(`${chunk.length.toString(16)}\r\n`),
      chunk,
      Buffer.from('\r\n'),
    ]);
    let closed = false;
    void closedByGateway.then(() => {
      closed = true;
    });
    // Keeps sending for up to 20 s, far past the 1.5 s the gateway lingers.
    const sendUntil = Date.now() + 20_000;
    while (!closed && Date.now() < sendUntil) {
      if (!socket.write(framed)) {
        await Promise.race([
          new Promise((resolve) => socket.once('drain', resolve)),
          closedByGateway,
        ]);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    expect(closed).toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer).toMatch(/\{"message":"Request Entity Too Large"\}$/);
    expect(invocations).toBe(0);
    socket.destroy();
  }, 30_000);
});
