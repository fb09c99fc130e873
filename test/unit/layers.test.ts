import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(__dirname, '../..');

/** Runs the project's dependency rules over a small tree of files written for the test. */
const cruise = (files: Record<string, string>, folders: readonly string[] = ['shared']) => {
  const dir = mkdtempSync(join(tmpdir(), 'layers-'));
  try {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true } }),
    );
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return spawnSync(
      join(root, 'node_modules/.bin/depcruise'),
      [...folders, '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'err'],
      { cwd: dir, encoding: 'utf8' },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

describe('the layer rules', () => {
  it('refuse a domain file importing an adapter, naming both files', () => {
    const result = cruise({
      'shared/domain/cases/case.ts':
        "import { store } from '../../adapters/dynamodb/store';\nexport const x = store;\n",
      'shared/adapters/dynamodb/store.ts': 'export const store = 1;\n',
    });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain(
      'domain-on-contracts: shared/domain/cases/case.ts → shared/adapters/dynamodb/store.ts',
    );
  });

  it('refuse two domain folders that import each other, naming both folders', () => {
    const result = cruise({
      'shared/domain/sla/plan.ts':
        "import { detail } from '../cases/detail';\nexport const plan = detail;\n",
      'shared/domain/cases/detail.ts': 'export const detail = 1;\n',
      'shared/domain/cases/actions.ts':
        "import { clock } from '../sla/clock';\nexport const act = clock;\n",
      'shared/domain/sla/clock.ts': 'export const clock = 2;\n',
    });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(
      /no-circular-folders: shared\/domain\/(sla|cases) → \s*shared\/domain\/(cases|sla)/,
    );
  });

  it('refuse two adapter folders that import each other, even when no two modules do', () => {
    const result = cruise({
      'shared/adapters/alerts/dispatcher.ts':
        "import { slackMessage } from '../slack/message';\nexport const dispatch = slackMessage;\n",
      'shared/adapters/alerts/alert-text.ts': 'export const escape = (text: string) => text;\n',
      'shared/adapters/slack/message.ts':
        "import { escape } from '../alerts/alert-text';\nexport const slackMessage = escape;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(
      /no-circular-folders: shared\/adapters\/(alerts|slack) → \s*shared\/adapters\/(slack|alerts)/,
    );
    expect(result.stdout).not.toContain('no-circular:');
  });

  it('refuse two modules that import each other, even for types', () => {
    const result = cruise({
      'shared/adapters/cases-api/operation.ts':
        "import type { ReplyDeps } from './reply';\nexport type Deps = { replies: ReplyDeps };\n",
      'shared/adapters/cases-api/reply.ts':
        "import type { Deps } from './operation';\nexport type ReplyDeps = { deps?: Deps };\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('no-circular: shared/adapters/cases-api/');
  });

  it('refuse a domain file that reads the file system', () => {
    const result = cruise({
      'shared/domain/config/read.ts':
        "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('domain-is-pure: shared/domain/config/read.ts → fs');
  });

  it('refuse a console file importing past the contracts, and accept the contracts', () => {
    const result = cruise(
      {
        'console/src/views/reports.tsx':
          "import type { Report } from '../../../shared/domain/cases/reports';\nimport type { Case } from '../../../shared/contracts/case';\nexport type Row = [Report, Case];\n",
        'shared/domain/cases/reports.ts': 'export type Report = { total: number };\n',
        'shared/contracts/case.ts': 'export type Case = { id: string };\n',
      },
      ['console', 'shared'],
    );
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain(
      'console-on-contracts: console/src/views/reports.tsx → shared/domain/cases/reports.ts',
    );
    expect(result.stdout).not.toContain('shared/contracts/case.ts');
  });

  it('accept an adapter importing the domain and the contracts', () => {
    const result = cruise({
      'shared/contracts/case.ts': 'export type Case = { id: string };\n',
      'shared/domain/cases/case.ts':
        "import type { Case } from '../../contracts/case';\nexport const idOf = (c: Case) => c.id;\n",
      'shared/adapters/dynamodb/store.ts':
        "import { idOf } from '../../domain/cases/case';\nexport const key = idOf;\n",
    });
    expect(result.stdout).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  });
});
