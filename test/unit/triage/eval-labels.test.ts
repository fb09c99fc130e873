import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NOT_STATED, parseDataSources } from '../../../scripts/eval-sources';

const ROOT = join(__dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SCRIPT = join(ROOT, 'scripts', 'eval.ts');

const labelsFile = (lines: readonly object[]): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'eval-labels-')), 'labels.jsonl');
  writeFileSync(file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  return file;
};

describe('npm run eval -- --labels', () => {
  it('measures sentiment and complaints on the lines that carry each label', () => {
    const file = labelsFile([
      {
        id: 'x:1',
        text: '@AcmeAir still waiting for my refund',
        sentiment: 'negative',
        complaint: true,
      },
      {
        id: 'x:2',
        text: '@AcmeAir thanks, lovely crew today',
        sentiment: 'positive',
        complaint: false,
      },
      { id: 'x:3', text: '@AcmeAir is the lounge open at 6?', complaint: false },
    ]);
    const result = spawnSync(TSX, [SCRIPT, '--labels', file], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('labels: sentiment, 2 posts');
    expect(result.stdout).toContain('labels: complaints, 3 posts');
    expect(result.stdout).toMatch(/built-in\s+1\.000\s+1\.000\s+1\.000/);
    expect(result.stdout).toContain(`source: ${NOT_STATED}`);
  });

  it('names the source and licence of the file, from the README.md table beside it', () => {
    const file = labelsFile([{ id: 'x:1', text: 'thanks!', sentiment: 'positive' }]);
    writeFileSync(
      join(dirname(file), 'README.md'),
      [
        '# Labels',
        '',
        '| file | rows | source (licence as stated by the source) |',
        '|---|---|---|',
        '| other.jsonl | 3 | Somewhere else (MIT) |',
        '| labels.jsonl | 1 | Written for the test suite (CC0 1.0) |',
        '',
      ].join('\n'),
    );
    const result = spawnSync(TSX, [SCRIPT, '--labels', file], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('source: Written for the test suite (CC0 1.0)');
  });

  it('names the line that is not a labelled mention', () => {
    const file = labelsFile([{ id: 'x:1', text: 'fine' }, { id: 'x:2' }]);
    const result = spawnSync(TSX, [SCRIPT, '--labels', file], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('labels.jsonl line 2 is not a labelled mention');
  });
});

describe('parseDataSources', () => {
  it('reads the file and source columns of a table, in any order, ignoring other tables', () => {
    const sources = parseDataSources(
      [
        '| name | value |',
        '|---|---|',
        '| a.jsonl | not a source |',
        '',
        '| source | `file` |',
        '|---|---|',
        '| VADER tweets (MIT) | `vader.jsonl` |',
      ].join('\n'),
    );
    expect([...sources]).toEqual([['vader.jsonl', 'VADER tweets (MIT)']]);
  });
});
