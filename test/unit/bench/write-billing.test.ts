/**
 * Write billing as the DynamoDB developer guide documents it ("Read/write capacity mode",
 * "Item sizes", "Managing capacity for transactions", "Provisioned throughput considerations for
 * global secondary indexes": a write that changes an index key costs a delete and a put in the
 * index, one that changes only projected attributes an update, one that changes neither nothing).
 */
import { itemSize } from '../../../scripts/bench/item-size';
import {
  type BilledIndex,
  billItemWrite,
  type Item,
  indexWriteUnits,
} from '../../../scripts/bench/write-billing';

const text = (bytes: number) => ({ S: 'x'.repeat(bytes) });
const byStatus = (projection: BilledIndex['projection']): BilledIndex => ({
  name: 'by-status',
  partitionKey: 'statusKey',
  sortKey: 'statusSort',
  projection,
});
const caseItem = (status: string, body: number, extra: Item = {}): Item => ({
  PK: { S: 'CASE#c1' },
  SK: { S: 'CASE' },
  statusKey: { S: `STATUS#${status}` },
  statusSort: { S: '2026-11-30T10:00:00Z#c1' },
  body: text(body),
  ...extra,
});

describe('itemSize', () => {
  it('counts attribute names and UTF-8 bytes of strings, and numbers by digit pairs', () => {
    expect(itemSize({ name: { S: 'héllo' } })).toBe(4 + 6);
    expect(itemSize({ n: { N: '12345' } })).toBe(1 + 4);
  });
});

describe('billItemWrite', () => {
  it('bills a put per started KB, at least one unit', () => {
    expect(billItemWrite({ after: { PK: { S: 'a' } }, transactional: false }).table).toBe(1);
    expect(billItemWrite({ after: { PK: text(1500) }, transactional: false }).table).toBe(2);
  });

  it('bills an update on the larger of the item before and after, not on what it sets', () => {
    const before = { PK: { S: 'a' }, body: text(2500) };
    const after = { ...before, count: { N: '2' } };
    expect(billItemWrite({ before, after, transactional: false }).table).toBe(3);
    const shrunk = { PK: { S: 'a' } };
    expect(billItemWrite({ before, after: shrunk, transactional: false }).table).toBe(3);
  });

  it('bills a delete on the deleted item', () => {
    expect(billItemWrite({ before: { PK: text(3000) }, transactional: false }).table).toBe(3);
  });

  it('doubles a transactional write on the table but not in its indexes', () => {
    const bill = billItemWrite({ after: caseItem('open', 1500), transactional: true }, [
      byStatus('ALL'),
    ]);
    expect(bill).toEqual({ table: 4, indexes: 2 });
  });
});

describe('indexWriteUnits', () => {
  it('bills a put when the item enters the index and a delete when it leaves', () => {
    const item = caseItem('open', 100);
    const { statusKey: _key, statusSort: _sort, ...outside } = item;
    expect(indexWriteUnits({ after: item, transactional: false }, byStatus('ALL'))).toBe(1);
    expect(
      indexWriteUnits({ before: item, after: outside, transactional: false }, byStatus('ALL')),
    ).toBe(1);
    expect(
      indexWriteUnits({ before: outside, after: outside, transactional: false }, byStatus('ALL')),
    ).toBe(0);
  });

  it('bills a delete and a put when an index key changes', () => {
    const write = {
      before: caseItem('open', 1500),
      after: caseItem('responded', 1500),
      transactional: false,
    };
    expect(indexWriteUnits(write, byStatus('ALL'))).toBe(4);
    expect(indexWriteUnits(write, byStatus('KEYS_ONLY'))).toBe(2);
  });

  it('bills an update when a projected attribute changes, nothing when none does', () => {
    const before = caseItem('open', 1500, { priority: { S: 'P3' } });
    const raised = caseItem('open', 1500, { priority: { S: 'P1' } });
    const longer = caseItem('open', 1600, { priority: { S: 'P3' } });
    const write = (after: Item) => ({ before, after, transactional: false });
    expect(indexWriteUnits(write(raised), byStatus(['priority']))).toBe(1);
    expect(indexWriteUnits(write(longer), byStatus(['priority']))).toBe(0);
    expect(indexWriteUnits(write(longer), byStatus('KEYS_ONLY'))).toBe(0);
    expect(indexWriteUnits(write(longer), byStatus('ALL'))).toBe(2);
  });
});
