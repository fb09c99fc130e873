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
        'urgency',
        'confidence',
        'needsResponse',
        'priority',
        'amplify',
        'suggestedReply',
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

  it('takes plain text: the arguments as one post, or standard input lines mixed with JSON', () => {
    const argument = JSON.parse(
      execFileSync(TSX, [SCRIPT, '@Fabrikam', 'my parcel never arrived'], { encoding: 'utf8' }),
    );
    expect(argument).toMatchObject({
      id: 1,
      complaint: true,
      urgency: [],
      confidence: expect.any(Number),
      needsResponse: true,
      amplify: false,
      suggestedReply: expect.stringMatching(/sorry/i),
    });
    const lines = execFileSync(TSX, [SCRIPT], {
      input: 'thanks, lovely crew today!\n{"id":"j","text":"my account was hacked, help"}\n',
      encoding: 'utf8',
    })
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({
        id: 1,
        sentiment: 'positive',
        amplify: true,
        needsResponse: false,
      }),
      expect.objectContaining({ id: 'j', urgency: expect.arrayContaining([expect.any(String)]) }),
    ]);
    expect(lines[0].suggestedReply).toEqual(expect.any(String));
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
