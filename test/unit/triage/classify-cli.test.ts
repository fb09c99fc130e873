import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fixturePath, labelledPosts } from './support';

const ROOT = join(__dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SCRIPT = join(ROOT, 'scripts', 'classify.ts');

describe('classify command', () => {
  it('writes one result line per post, in input order, with the fixed fields only', () => {
    const stdout = execFileSync(TSX, [SCRIPT, fixturePath('labelled-posts.jsonl')], {
      encoding: 'utf8',
    });
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id)).toEqual(labelledPosts().map((post) => post.id));
    for (const line of lines) {
      expect(Object.keys(line)).toEqual([
        'id',
        'sentiment',
        'complaint',
        'intents',
        'needsResponse',
        'priority',
        'language',
        'reasons',
      ]);
    }
  }, 20_000);

  it('reads standard input and numbers posts that have no id by their line', () => {
    const input =
      '{"text":"@Fabrikam my parcel never arrived"}\n\n{"text":"Danke, super Service!"}\n';
    const stdout = execFileSync(TSX, [SCRIPT], { input, encoding: 'utf8' });
    const [first, second] = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(first).toMatchObject({ id: 1, complaint: true, needsResponse: true, language: 'en' });
    expect(second).toMatchObject({ id: 3, sentiment: 'positive', language: 'de' });
  }, 20_000);

  it('names the line that is not a post on standard error and fails', () => {
    const result = spawnSync(TSX, [SCRIPT], {
      input: '{"text":"fine"}\n{"body":"no text"}\n',
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('classify: line 2 is not a post: text:');
  }, 20_000);
});
