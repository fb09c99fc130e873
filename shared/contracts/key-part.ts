import * as z from 'zod';

/**
 * DynamoDB refuses a partition key over 2,048 bytes and a sort key over 1,024 bytes with an error,
 * not a 4xx of ours. Every string that can become part of a key (ids, sources, brands, cursors) is
 * bounded here, at the schema, in UTF-8 bytes: a prefix, a timestamp and two such parts still fit.
 */
export const KEY_PART_MAX_BYTES = 400;

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** A non-empty string of at most `maxBytes` UTF-8 bytes. */
export const keyPart = (maxBytes = KEY_PART_MAX_BYTES) =>
  z
    .string()
    .min(1)
    .max(maxBytes)
    .refine((text) => utf8Bytes(text) <= maxBytes, {
      message: `must be at most ${maxBytes} bytes (UTF-8)`,
    });

/** An id, source, brand or other key part: at most KEY_PART_MAX_BYTES bytes. */
export const KeyPart = keyPart();

/** A case id: the product makes them 24 characters long; anything over 200 is not one. */
export const CaseId = keyPart(200);
