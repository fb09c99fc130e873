import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Mention } from '../../../shared/contracts/mention';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'triage');

/** The realistic X mention in the triage fixtures, with fields replaced as a test needs. */
export const mentionWith = (overrides: Partial<Mention> = {}): Mention =>
  Mention.parse({
    ...JSON.parse(readFileSync(join(FIXTURES, 'mention.json'), 'utf8')),
    ...overrides,
  });

export interface LabelledPost {
  id: string;
  text: string;
  sentiment: 'negative' | 'neutral' | 'positive';
  complaint: boolean;
}

/** Posts written for these tests, each with the label a person would give it. */
export const labelledPosts = (): LabelledPost[] =>
  readFileSync(join(FIXTURES, 'labelled-posts.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LabelledPost);

export const fixturePath = (name: string): string => join(FIXTURES, name);
