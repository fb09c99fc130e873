import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCaseTable } from '../../../scripts/cli/case-view';
import { formatCasePage } from '../../../scripts/cli/cases';
import { type CliIo, main } from '../../../scripts/cli/main';
import { parseReplayFile, progressBar, replaySummary } from '../../../scripts/cli/replay';

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

  it('wraps bare mention data and keeps full payloads by line, skipping blank lines', () => {
    const { mentions, bad } = parseReplayFile(
      `${JSON.stringify(data)}\n\n${JSON.stringify({ type: 'mention.created', timestamp: '2025-05-13T09:01:00Z', data })}\n`,
      now,
    );
    expect(bad).toEqual([]);
    expect(mentions.map((each) => each.line)).toEqual([1, 3]);
    expect(mentions[0]?.payload).toMatchObject({
      type: 'mention.created',
      timestamp: now.toISOString(),
      data,
    });
    expect(mentions[1]?.payload.timestamp).toBe('2025-05-13T09:01:00Z');
  });

  it('lists every bad line by its number and the field at fault, keeping the good ones', () => {
    const { mentions, bad } = parseReplayFile(
      [
        JSON.stringify(data),
        '{"id":"x"',
        '',
        JSON.stringify({ ...data, author: {} }),
        JSON.stringify({ ...data, id: 'rev-2' }),
      ].join('\n'),
      now,
    );
    expect(mentions.map((each) => [each.line, each.payload.data.id])).toEqual([
      [1, 'rev-1'],
      [5, 'rev-2'],
    ]);
    expect(bad).toEqual([
      { line: 2, reason: 'not JSON' },
      { line: 4, reason: expect.stringMatching(/^not a mention: .*data\.author\.id/) },
    ]);
  });
});

describe('replaySummary', () => {
  it('names each bad line in file order, counts duplicates apart from sent, and exits 1', () => {
    const { errors, summary, code } = replaySummary('m.jsonl', [{ line: 2, reason: 'not JSON' }], {
      sent: 3,
      duplicates: 1,
      refused: [{ line: 1, reason: '401 {"error":"bad"}' }],
    });
    expect(errors).toEqual(['m.jsonl:1: 401 {"error":"bad"}', 'm.jsonl:2: not JSON']);
    expect(summary).toBe(
      'sent 3 of 6 mention(s); 1 already received (not sent again); 2 bad line(s): 1, 2',
    );
    expect(code).toBe(1);
    expect(replaySummary('m.jsonl', [], { sent: 2, duplicates: 0, refused: [] })).toEqual({
      errors: [],
      summary: 'sent 2 of 2 mention(s)',
      code: 0,
    });
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

describe('formatCasePage', () => {
  it('says an empty page with a cursor may be followed by cases, and an empty last page that none match', () => {
    expect(formatCasePage([], 'eyJhZnRlciI6IngifQ')).toBe(
      'no cases on this page; later pages may hold some\nmore: --cursor eyJhZnRlciI6IngifQ',
    );
    expect(formatCasePage([], undefined)).toBe('no cases match');
  });
});
