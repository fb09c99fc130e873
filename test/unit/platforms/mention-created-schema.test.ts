import { readFileSync } from 'node:fs';
import {
  MENTION_CREATED_SCHEMA_PATH,
  mentionCreatedSchema,
} from '../../../scripts/generate-schemas';
import { MentionCreatedPayload } from '../../../shared/adapters/platforms/generic';
import { fixture } from '../../support/signed-webhooks';

describe('mention.created JSON Schema', () => {
  it('is the one generated from the zod schema (run npx tsx scripts/generate-schemas.ts)', () => {
    expect(readFileSync(MENTION_CREATED_SCHEMA_PATH, 'utf8')).toBe(mentionCreatedSchema());
  });

  it('describes the documented example payload', () => {
    expect(
      MentionCreatedPayload.safeParse(JSON.parse(fixture('generic', 'mention-created.json')))
        .success,
    ).toBe(true);
  });
});
