/** The size of DynamoDB items, as DynamoDB measures it for request units (names plus values). */

/** One attribute value in DynamoDB JSON (`{ "S": "…" }`, `{ "M": { … } }`, …). */
export type AttributeValue = Record<string, unknown>;

/** The stored size of one value: strings and binaries by bytes, numbers by digits, maps and lists with 3 bytes overhead and 1 per element. */
export const valueSize = (value: AttributeValue): number => {
  const [type, inner] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(inner));
    case 'N':
      return Math.ceil(String(inner).replace(/^-|\./g, '').length / 2) + 1;
    case 'B':
      return Math.floor((String(inner).length * 3) / 4);
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'M':
      return (
        3 +
        Object.entries(inner as Record<string, AttributeValue>).reduce(
          (sum, [name, entry]) => sum + 1 + Buffer.byteLength(name) + valueSize(entry),
          0,
        )
      );
    case 'L':
      return 3 + (inner as AttributeValue[]).reduce((sum, entry) => sum + 1 + valueSize(entry), 0);
    case 'SS':
    case 'NS':
      return (inner as string[]).reduce((sum, entry) => sum + Buffer.byteLength(entry), 0);
    default:
      return 0;
  }
};

/** Bytes of an item: every attribute name plus its value. */
export const itemSize = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value),
    0,
  );
