import fc from 'fast-check';
import { decodePathSegment } from '../../../shared/adapters/http/path-segment';

describe('decodePathSegment', () => {
  it('gives back any text that was percent-encoded', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(decodePathSegment(encodeURIComponent(text))).toBe(text);
      }),
    );
  });

  it('never throws: an arbitrary segment decodes, or is reported malformed', () => {
    const percentEscape = fc
      .tuple(
        fc.constantFrom('%'),
        fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFZz%'), maxLength: 3 }),
      )
      .map(([percent, rest]) => `${percent}${rest}`);
    const segment = fc
      .array(fc.oneof(percentEscape, fc.string({ unit: 'grapheme-ascii', maxLength: 4 })), {
        maxLength: 8,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(segment, (text) => {
        const decoded = decodePathSegment(text);
        if (decoded !== undefined) expect(encodeURIComponent(decoded)).toBeDefined();
      }),
    );
  });

  it.each(['%ZZ', '%E0%A4%A', '%', 'a%2', '%C3%28', '%ED%A0%80'])(
    'reports %s as malformed',
    (segment) => {
      expect(decodePathSegment(segment)).toBeUndefined();
    },
  );
});
