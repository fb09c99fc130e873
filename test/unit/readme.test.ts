import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../shared/domain/config/responder-config';

const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
const jsonBlocks = [...readme.matchAll(/```json\n([\s\S]*?)\n```/g)].map((match) => match[1] ?? '');

describe('README', () => {
  it('shows a configuration example that the product accepts', () => {
    const configExamples = jsonBlocks.filter((block) => block.trimStart().startsWith('{\n  "sla"'));
    expect(configExamples).toHaveLength(1);
    for (const example of configExamples) {
      expect(() => parseConfig(JSON.parse(example), 'README example')).not.toThrow();
    }
  });
});
