/**
 * The bench bills reads as AWS documents them ("Read request units", DynamoDB developer guide):
 * 1 unit per started 4 KB for a strongly consistent read, half for an eventually consistent one;
 * a query sums its items before rounding, a batch rounds each item; a key that finds no item
 * still costs the minimum.
 */
import { dynamoDbReadUnits } from '../../../scripts/bench/aws-calls';

const KB = 1024;
/** An item of `bytes` bytes as DynamoDB measures it (names plus values). */
const itemOf = (bytes: number) => ({ PK: { S: 'k' }, v: { S: 'a'.repeat(bytes - 4) } });

describe('dynamoDbReadUnits', () => {
  it('bills GetItem per started 4 KB of the item, half when eventually consistent', () => {
    // The guide's example: a 7 KB item costs 2 units strongly consistent.
    const seven = { Item: itemOf(7 * KB) };
    expect(dynamoDbReadUnits('GetItem', { ConsistentRead: true }, seven)).toBe(2);
    expect(dynamoDbReadUnits('GetItem', {}, seven)).toBe(1);
    expect(dynamoDbReadUnits('GetItem', { ConsistentRead: true }, { Item: itemOf(3.5 * KB) })).toBe(
      1,
    );
  });

  it('bills a GetItem that finds nothing the minimum', () => {
    expect(dynamoDbReadUnits('GetItem', { ConsistentRead: true }, {})).toBe(1);
    expect(dynamoDbReadUnits('GetItem', {}, {})).toBe(0.5);
  });

  it('bills a Query on the sum of its items, rounded once', () => {
    const items = { Items: [itemOf(3 * KB), itemOf(3 * KB)] };
    expect(dynamoDbReadUnits('Query', { ConsistentRead: true }, items)).toBe(2);
    expect(dynamoDbReadUnits('Query', {}, { Items: [itemOf(KB), itemOf(KB)] })).toBe(0.5);
  });

  it('bills BatchGetItem per key, each item rounded alone, a missing key the minimum, per table consistency', () => {
    const request = {
      RequestItems: {
        cases: { Keys: [{ PK: 'a' }, { PK: 'b' }, { PK: 'c' }] },
        other: { Keys: [{ PK: 'd' }], ConsistentRead: true },
      },
    };
    const response = {
      Responses: { cases: [itemOf(1.5 * KB), itemOf(1.5 * KB)], other: [itemOf(5 * KB)] },
    };
    // cases: two items of one unit each and one missing key, eventually consistent: 1.5;
    // other: one 5 KB item, strongly consistent: 2.
    expect(dynamoDbReadUnits('BatchGetItem', request, response)).toBe(3.5);
    // Keys DynamoDB left unprocessed were not read.
    expect(
      dynamoDbReadUnits('BatchGetItem', request, {
        ...response,
        UnprocessedKeys: { cases: { Keys: [{ PK: 'c' }] } },
      }),
    ).toBe(3);
  });
});
