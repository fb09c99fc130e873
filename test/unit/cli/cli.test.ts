import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../../scripts/cli/api-client';
import { formatCaseTable } from '../../../scripts/cli/case-view';
import { type CliIo, main } from '../../../scripts/cli/main';
import { parseReplayFile, progressBar } from '../../../scripts/cli/replay';

const capture = (env: Record<string, string> = {}) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    status: () => {},
    env,
    runtimeHandle: () => undefined,
  };
  return { io, out, err };
};

const file = (name: string, content: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'responder-cli-')), name);
  writeFileSync(path, content);
  return path;
};

describe('main', () => {
  it('prints usage and exits 2 without a command, 2 for an unknown one', async () => {
    const none = capture();
    expect(await main([], none.io)).toBe(2);
    expect(none.out.join('\n')).toContain('usage: responder');
    const unknown = capture();
    expect(await main(['frobnicate'], unknown.io)).toBe(2);
    expect(unknown.err.join('\n')).toContain('unknown command frobnicate');
  });

  it('validates a configuration file and names every bad field', async () => {
    const good = capture();
    const goodPath = file(
      'good.json',
      JSON.stringify({ brands: [{ id: 'acme-air', name: 'Acme Air' }] }),
    );
    expect(await main(['config', 'validate', goodPath], good.io)).toBe(0);
    expect(good.out.join('')).toContain('1 brand(s)');
    const bad = capture();
    const badPath = file(
      'bad.json',
      JSON.stringify({ brands: [{ id: 'Acme Air', name: '' }], sla: { policies: [] } }),
    );
    expect(await main(['config', 'validate', badPath], bad.io)).toBe(1);
    const message = bad.err.join('\n');
    expect(message).toContain('brands.0.id');
    expect(message).toContain('brands.0.name');
    expect(message).toContain('sla.policies');
  });

  it('refuses to call the API without a token', async () => {
    const run = capture();
    expect(await main(['list'], run.io)).toBe(1);
    expect(run.err.join('')).toContain('CASES_API_TOKEN');
  });

  it('refuses to replay without a signing secret', async () => {
    const run = capture();
    const path = file('mentions.jsonl', '');
    expect(await main(['replay', path], run.io)).toBe(2);
    expect(run.err.join('')).toContain('GENERIC_WEBHOOK_SECRETS');
  });
});

describe('parseReplayFile', () => {
  const now = new Date('2025-05-13T09:14:30.000Z');
  const data = {
    id: 'rev-1',
    source: 'g2',
    text: 'Support never answered my ticket.',
    author: { id: 'u-77' },
    createdAt: '2025-05-13T09:00:00.000Z',
  };

  it('wraps bare mention data and keeps full payloads, skipping blank lines', () => {
    const payloads = parseReplayFile(
      `${JSON.stringify(data)}\n\n${JSON.stringify({ type: 'mention.created', timestamp: '2025-05-13T09:01:00Z', data })}\n`,
      now,
    );
    expect(payloads).toHaveLength(2);
    expect(payloads[0]).toMatchObject({
      type: 'mention.created',
      timestamp: now.toISOString(),
      data,
    });
    expect(payloads[1]?.timestamp).toBe('2025-05-13T09:01:00Z');
  });

  it('names the line and the field at fault', () => {
    expect(() => parseReplayFile(`${JSON.stringify(data)}\n{"id":"x"`, now)).toThrow(
      /line 2 is not JSON/,
    );
    expect(() => parseReplayFile(JSON.stringify({ ...data, author: {} }), now)).toThrow(
      /line 1 .*data\.author\.id/,
    );
    expect(() => parseReplayFile('{"id":', now)).toThrow(CliError);
  });
});

describe('progressBar', () => {
  it('fills in proportion to what is done', () => {
    expect(progressBar(0, 4, 8)).toBe('[--------] 0/4');
    expect(progressBar(2, 4, 8)).toBe('[####----] 2/4');
    expect(progressBar(4, 4, 8)).toBe('[########] 4/4');
  });
});

describe('formatCaseTable', () => {
  it('shows one line per case with its deadline and a mark when breached', () => {
    const table = formatCaseTable([
      {
        caseId: 'c_refund',
        version: 3,
        brand: 'acme-air',
        source: 'x',
        status: 'open',
        priority: 'P1',
        author: { key: 'x#1', id: '1', source: 'x', handle: 'danawhit' },
        excerpt: 'still waiting for my refund',
        amplify: false,
        intents: ['complaint'],
        openedAt: '2025-05-13T09:14:07.000Z',
        dueAt: '2025-05-13T09:29:07.000Z',
        breached: true,
      },
    ]);
    const [header, row] = table.split('\n');
    expect(header).toContain('CASE');
    expect(row).toContain('c_refund');
    expect(row).toContain('2025-05-13 09:29 !');
    expect(row).toContain('@danawhit');
  });
});
