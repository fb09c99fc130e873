/**
 * `npx responder incidents …` against a running local runtime with no flags: a small outage
 * becomes an incident, which the CLI lists, shows, answers (safe to retry with its key) and
 * resolves with its cases.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRuntimeHandle, writeRuntimeHandle } from '../../infra/local/runtime-handle';
import type { Incident } from '../../shared/contracts/incident';
import { runCli } from '../support/cli';
import { eventually } from '../support/eventually';
import { useLocalRuntime } from './support';

const directory = mkdtempSync(join(tmpdir(), 'responder-cli-incidents-'));
const handleFile = join(directory, 'local-runtime.json');
const configFile = join(directory, 'config.json');
writeFileSync(configFile, JSON.stringify({ incidents: { minCount: 3 } }));

const responder = async (...argv: string[]) => {
  const { code, out, err } = await runCli(argv, {
    runtimeHandle: () => readRuntimeHandle(handleFile),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

const outage = () => ({
  id: `cli-${randomUUID()}`,
  source: 'g2',
  text: 'The app is down, I cannot log in to pay my bill',
  author: { id: `u-${randomUUID().slice(0, 8)}`, name: 'Sam Ortiz', handle: 'samortiz' },
  createdAt: new Date().toISOString(),
});

describe('responder incidents against the local runtime', () => {
  const local = useLocalRuntime({ env: () => ({ RESPONDER_CONFIG: configFile }) });
  beforeAll(() => writeRuntimeHandle(local.runtime, handleFile));

  it('lists, shows, answers and resolves an incident', async () => {
    const file = join(directory, 'storm.jsonl');
    writeFileSync(
      file,
      [outage(), outage(), outage(), outage()].map((line) => `${JSON.stringify(line)}\n`).join(''),
    );
    expect(await responder('replay', file)).toMatchObject({
      code: 0,
      out: 'sent 4 of 4 mention(s)',
    });
    const [incident] = await eventually(
      async () => (await local.api<{ items: Incident[] }>('/incidents')).items,
      (items) => items.length === 1 && items[0]?.caseCount === 4,
      // The incident takes in its window's cases after it opens; a loaded machine needs time.
      90_000,
    );
    const incidentId = incident?.incidentId ?? '';

    const list = await responder('incidents', 'list');
    expect(list.code).toBe(0);
    expect(list.out).toContain(`${incidentId}  open  urgency:outage`);
    expect(list.out).toContain('4 case(s)');

    const show = await responder('incidents', 'show', incidentId);
    expect(show.code).toBe(0);
    expect(show.out).toContain('opened with');
    expect(show.out).toContain('@samortiz');

    const reply = await responder(
      'incidents',
      'reply',
      incidentId,
      '--text',
      'We are back up, sorry!',
    );
    expect(reply.code).toBe(0);
    const key = /idempotency key (\S+)/.exec(reply.out)?.[1] ?? '';
    expect(key).not.toBe('');
    // g2 has no reply URL configured here: each case says why it is not answered.
    expect(reply.out).toContain('skipped 4');
    const again = await responder(
      'incidents',
      'reply',
      incidentId,
      '--text',
      'We are back up, sorry!',
      '--key',
      key,
    );
    expect(again.out).toContain(`idempotency key ${key}`);

    const resolved = await responder('incidents', 'resolve', incidentId, '--reason', 'fixed');
    expect(resolved).toMatchObject({
      code: 0,
      out: `${incidentId} resolved: 4 case(s) resolved, 0 unchanged`,
    });

    const unknown = await responder('incidents', 'show', 'inc_nope');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no incident inc_nope');
    expect((await responder('incidents')).code).toBe(2);
  }, 180_000);
});
