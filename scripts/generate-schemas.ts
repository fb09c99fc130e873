/** Writes the JSON Schema of the public `mention.created` payload from its zod schema. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MentionCreatedPayload } from '../shared/adapters/platforms/generic';

export const MENTION_CREATED_SCHEMA_PATH = join(
  __dirname,
  '..',
  'docs',
  'mention-created.schema.json',
);

/** The schema document, as committed in docs/. */
export const mentionCreatedSchema = (): string =>
  `${JSON.stringify(z.toJSONSchema(MentionCreatedPayload, { io: 'input' }), null, 2)}\n`;

if (require.main === module) {
  writeFileSync(MENTION_CREATED_SCHEMA_PATH, mentionCreatedSchema());
  console.log(`wrote ${MENTION_CREATED_SCHEMA_PATH}`);
}
