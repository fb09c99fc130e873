import { createHash } from 'node:crypto';
import * as z from 'zod';

/** Epoch times as platforms send them: seconds or milliseconds, as a number or a numeric string. */
export const EpochTime = z
  .union([
    z.number().nonnegative(),
    z.string().regex(/^\d+$/, 'epoch time digits').transform(Number),
  ])
  .transform((value) => new Date(value < 100_000_000_000 ? value * 1000 : value))
  .refine((date) => !Number.isNaN(date.getTime()), 'a valid epoch time');

/** A timestamp in a format `Date` understands (ISO 8601, X's `Wed Oct 10 20:19:24 +0000 2018`). */
export const PlatformDate = z
  .string()
  .transform((text) => new Date(text))
  .refine((date) => !Number.isNaN(date.getTime()), 'a valid date');

/**
 * The native id of an edited post or an updated review: the original id plus a digest of the new
 * content, so each revision is a mention of its own and a redelivered revision is the same one.
 */
export const revisionId = (nativeId: string, ...content: (string | number | undefined)[]): string =>
  `${nativeId}~rev-${createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16)}`;
