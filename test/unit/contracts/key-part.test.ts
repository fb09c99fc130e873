import fc from 'fast-check';
import { CaseId, KEY_PART_MAX_BYTES, KeyPart } from '../../../shared/contracts/key-part';

/** DynamoDB's limit for a sort key, the smaller of the two. */
const SORT_KEY_MAX_BYTES = 1024;
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('KeyPart', () => {
  it('accepts a string exactly when it is non-empty and fits in its bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (text) => {
        const fits = text.length > 0 && bytes(text) <= KEY_PART_MAX_BYTES;
        expect(KeyPart.safeParse(text).success).toBe(fits);
      }),
    );
  });

  it('leaves room for a prefix, a timestamp and a second part in a sort key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 500 }), (text) => {
        const parsed = KeyPart.safeParse(text);
        if (!parsed.success) return;
        const key = `MENTION#2025-03-04T14:31:07.512Z#x:${parsed.data}`;
        expect(bytes(key)).toBeLessThanOrEqual(SORT_KEY_MAX_BYTES);
      }),
    );
  });

  it('counts bytes, not characters, around a third of the limit', () => {
    // '€' is 3 bytes in UTF-8: 133 of them fit in 400 bytes, 134 do not; 134 ASCII letters do.
    expect(KeyPart.safeParse('€'.repeat(133)).success).toBe(true);
    expect(KeyPart.safeParse('€'.repeat(134)).success).toBe(false);
    expect(KeyPart.safeParse(`${'a'.repeat(133)}€`).success).toBe(true);
    expect(KeyPart.safeParse(`${'a'.repeat(398)}€`).success).toBe(false);
  });

  it('refuses the 3,000-character strings an attacker sends', () => {
    expect(KeyPart.safeParse('a'.repeat(3000)).success).toBe(false);
    expect(CaseId.safeParse(`c_${'x'.repeat(2998)}`).success).toBe(false);
    expect(CaseId.safeParse('c_3q2KZb1m8y0QF7aLrW9x4T').success).toBe(true);
  });
});
