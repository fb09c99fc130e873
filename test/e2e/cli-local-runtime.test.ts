/**
 * `npx responder` against a running local runtime with no flags: it finds the runtime through the
 * handle file `npm start` writes (URL, token, webhook secret, SQS endpoint) and does an agent's job.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRuntimeHandle, writeRuntimeHandle } from '../../infra/local/runtime-handle';
import type { CaseDetail } from '../../scripts/cli/case-view';
import type { CaseSummary } from '../../shared/contracts/case';
import { runCli } from '../support/cli';
import { eventually } from '../support/eventually';
import { useLocalRuntime } from './support';

const directory = mkdtempSync(join(tmpdir(), 'responder-cli-e2e-'));
const handleFile = join(directory, 'local-runtime.json');

/** `npx responder …` with an empty environment: no URL, token, secret or endpoint. */
const responder = async (...argv: string[]) => {
  const { code, out, err } = await runCli(argv, {
    runtimeHandle: () => readRuntimeHandle(handleFile),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

const mention = (text: string, authorId = `u-${randomUUID().slice(0, 8)}`) => ({
  id: `cli-${randomUUID()}`,
  source: 'g2',
  text,
  author: { id: authorId, name: 'Dana Reyes', handle: 'danareyes', followers: 5400 },
  createdAt: new Date().toISOString(),
});

describe('responder against the local runtime, with no flags', () => {
  const local = useLocalRuntime();

  beforeAll(() => writeRuntimeHandle(local.runtime, handleFile));

  const replayed = async (...lines: object[]) => {
    const file = join(directory, `${randomUUID()}.jsonl`);
    writeFileSync(file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    return responder('replay', file);
  };

  const caseOf = async (authorId: string): Promise<CaseSummary> => {
    const items = await eventually(
      async () => (await local.api<{ items: CaseSummary[] }>('/cases?limit=100')).items,
      (cases) => cases.some((item) => item.author.id === authorId),
    );
    const found = items.find((item) => item.author.id === authorId);
    if (!found) throw new Error(`no case of ${authorId}`);
    return found;
  };

  it('replays signed mentions, lists their cases and shows one readably', async () => {
    const complaint = mention('My refund for order #4411 is three weeks late and nobody answers!');
    const sent = await replayed(complaint);
    expect(sent).toMatchObject({ code: 0, out: 'sent 1 of 1 mention(s)' });

    const found = await caseOf(complaint.author.id);
    const list = await responder('list');
    expect(list.code).toBe(0);
    expect(list.out).toContain(found.caseId);
    expect(list.out).toContain('@danareyes');
    expect(list.out).toContain('markers: ! deadline passed');

    const show = await responder('show', found.caseId);
    expect(show.code).toBe(0);
    expect(show.out).toMatch(new RegExp(`^${found.caseId}  P\\d  open  \\(version \\d+\\)`));
    expect(show.out).toContain('customer  Dana Reyes @danareyes on g2 · 5,400 followers');
    expect(show.out).toContain('first response due');
    expect(show.out).toContain(`“${complaint.text}”`);
    expect(show.out).not.toContain('{');

    const json = await responder('show', found.caseId, '--json');
    expect((JSON.parse(json.out) as CaseDetail).case.caseId).toBe(found.caseId);
  });

  it('goes on past a bad line, names it by line number, and counts a re-sent mention apart', async () => {
    const complaint = mention('Charged twice for order #5120, please refund one of them.');
    expect((await replayed(complaint)).out).toBe('sent 1 of 1 mention(s)');
    await caseOf(complaint.author.id);

    const fresh = mention('Where is my parcel? Order #5121 shows nothing for a week.');
    const file = join(directory, `${randomUUID()}.jsonl`);
    writeFileSync(
      file,
      [JSON.stringify(complaint), '{"id": "half a line', JSON.stringify(fresh), ''].join('\n'),
    );
    const again = await responder('replay', file);
    expect(again.code).toBe(1);
    expect(again.err).toBe(`${file}:2: not JSON`);
    expect(again.out).toBe(
      'sent 1 of 3 mention(s); 1 already received (not sent again); 1 bad line(s): 2',
    );
    await caseOf(fresh.author.id);
  });

  it('assigns, notes, records a response, resolves and reopens a case', async () => {
    const complaint = mention('The app logs me out every five minutes, please fix it.');
    await replayed(complaint);
    const { caseId } = await caseOf(complaint.author.id);

    expect((await responder('assign', caseId, 'priya')).out).toMatch(/assigned to priya/);
    expect((await responder('note', caseId, '--text', 'Known logout bug, ticket 812')).code).toBe(
      0,
    );
    const responded = await responder(
      'respond',
      caseId,
      '--text',
      'Sorry Dana, a fix ships today.',
      '--link',
      'https://community.example.com/posts/1',
    );
    expect(responded).toMatchObject({ code: 0 });
    expect(responded.out).toContain('is responded');
    expect((await responder('resolve', caseId, '--reason', 'fixed')).out).toContain('is resolved');
    expect((await responder('reopen', caseId)).out).toContain('is open');
    expect((await responder('assign', caseId, '--unassign')).out).toMatch(/assigned to nobody/);

    const detail = await local.api<CaseDetail>(`/cases/${caseId}`);
    expect(detail.timeline.map((entry) => entry.type)).toEqual(
      expect.arrayContaining(['assigned', 'note', 'responded', 'resolved', 'reopened']),
    );
    const show = await responder('show', caseId);
    expect(show.out).toContain('note  “Known logout bug, ticket 812”');
    expect(show.out).toContain('assignee  -');
  });

  it("inspects the runtime's dead-letter queue through the SQS endpoint it published", async () => {
    const inspected = await responder('dlq', 'inspect');
    expect(inspected.code).toBe(0);
    expect(inspected.err).toMatch(/^0 message\(s\) in http:\/\/127\.0\.0\.1:\d+\/.*mentions-dlq$/);
  });

  it('ignores a handle whose runtime is gone and says how to reach one', async () => {
    const stale = join(directory, 'stale.json');
    const handle = readRuntimeHandle(handleFile);
    // A pid no process has: the kernel's maximum is far below it.
    writeFileSync(stale, JSON.stringify({ ...handle, pid: 2 ** 30 }));
    const { code, err } = await runCli(['list'], { runtimeHandle: () => readRuntimeHandle(stale) });
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('no API token');
    expect(err.join('\n')).toContain('npm start');
  });
});
