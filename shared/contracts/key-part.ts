import * as z from 'zod';

/**
 * DynamoDB refuses a partition key over 2,048 bytes and a sort key over 1,024 bytes with an error,
 * not a 4xx of ours. Every string that can become part of a key (ids, sources, brands, cursors) is
 * bounded here, at the schema, in UTF-8 bytes: a prefix, a timestamp and two such parts still fit.
 */
export const KEY_PART_MAX_BYTES = 400;

const utf8 = new TextEncoder();

/**
 * Whether the text fits `maxBytes` in UTF-8. A UTF-16 code unit takes at most 3 UTF-8 bytes, so a
 * text of up to a third of the limit in length fits without encoding it (ids always do: this is
 * checked on every key part of every webhook).
 */
const fitsUtf8 = (text: string, maxBytes: number): boolean =>
  text.length * 3 <= maxBytes || utf8.encode(text).length <= maxBytes;

/** A non-empty string of at most `maxBytes` UTF-8 bytes. */
export const keyPart = (maxBytes = KEY_PART_MAX_BYTES) =>
  z
    .string()
    .min(1)
    .max(maxBytes)
    .refine((text) => fitsUtf8(text, maxBytes), {
      message: `must be at most ${maxBytes} bytes (UTF-8)`,
    });

/** An id, source, brand or other key part: at most KEY_PART_MAX_BYTES bytes. */
export const KeyPart = keyPart();

/** A case id: the product makes them 24 characters long; anything over 200 is not one. */
export const CaseId = keyPart(200);
