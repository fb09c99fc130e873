import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../../shared/domain/config/responder-config';

const doc = readFileSync(join(__dirname, '../../../docs/replies.md'), 'utf8');

describe('docs/replies.md', () => {
  it('shows a replies configuration the product accepts', () => {
    const [example] = [...doc.matchAll(/```json\n("replies"[\s\S]*?)\n```/g)].map(
      (match) => match[1],
    );
    expect(example).toBeDefined();
    const config = parseConfig(JSON.parse(`{${example}}`), 'docs/replies.md example');
    expect(config.replies.webhookUrls.reviews).toBe(
      'https://reviews.example.com/responder/replies',
    );
    expect(config.replies.takeOffline.acme?.private).toContain('{name}');
  });

  it('refuses a reply URL that is not a URL, naming the field', () => {
    expect(() => parseConfig({ replies: { webhookUrls: { reviews: 'not a url' } } })).toThrow(
      /replies\.webhookUrls\.reviews/,
    );
  });
});
