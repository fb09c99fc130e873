/**
 * DynamoDB on-demand billing of one item write, as AWS documents it, from the item before and after
 * the write (the images of its stream record):
 * - a write costs 1 write request unit per started KB of the LARGER of the item before and after
 *   (an update of one attribute of a 3 KB item costs 3 units), at least 1; a delete the size of
 *   the deleted item;
 * - a transactional write costs twice that on the table;
 * - each global secondary index the item is in costs again, per started KB of the index item
 *   (its keys, the table keys and the projected attributes): a put when the item enters the
 *   index, a delete when it leaves, a delete and a put when an index key changes, an update when
 *   a projected attribute changes, nothing when neither changed.
 */
import { type AttributeValue, itemSize } from './item-size';

export type Item = Record<string, AttributeValue>;

/** A GSI as billing sees it: its key attributes and what it projects. */
export interface BilledIndex {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** `ALL`, `KEYS_ONLY`, or the non-key attributes an INCLUDE projection copies. */
  readonly projection: 'ALL' | 'KEYS_ONLY' | readonly string[];
}

export interface ItemWrite {
  readonly before?: Item;
  readonly after?: Item;
  readonly transactional: boolean;
}

export interface WriteBill {
  readonly table: number;
  readonly indexes: number;
}

const KB = 1024;
const unitsOf = (bytes: number): number => Math.max(1, Math.ceil(bytes / KB));

const TABLE_KEYS = ['PK', 'SK'] as const;

const inIndex = (item: Item | undefined, index: BilledIndex): item is Item =>
  item !== undefined && index.partitionKey in item && index.sortKey in item;

/** The item an index holds for a table item: keys plus projected attributes. */
export const projectedItem = (item: Item, index: BilledIndex): Item => {
  if (index.projection === 'ALL') return item;
  const names = new Set<string>([...TABLE_KEYS, index.partitionKey, index.sortKey]);
  if (index.projection !== 'KEYS_ONLY') for (const name of index.projection) names.add(name);
  return Object.fromEntries(Object.entries(item).filter(([name]) => names.has(name)));
};

const sameValue = (left: AttributeValue | undefined, right: AttributeValue | undefined) =>
  JSON.stringify(left) === JSON.stringify(right);

const sameItem = (left: Item, right: Item): boolean => {
  const names = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...names].every((name) => sameValue(left[name], right[name]));
};

/** Index write units one item write causes in one index. */
export const indexWriteUnits = (write: ItemWrite, index: BilledIndex): number => {
  const wasIn = inIndex(write.before, index);
  const isIn = inIndex(write.after, index);
  if (!wasIn && !isIn) return 0;
  if (!wasIn) return unitsOf(itemSize(projectedItem(write.after as Item, index)));
  if (!isIn) return unitsOf(itemSize(projectedItem(write.before as Item, index)));
  const before = projectedItem(write.before as Item, index);
  const after = projectedItem(write.after as Item, index);
  const keyChanged =
    !sameValue(before[index.partitionKey], after[index.partitionKey]) ||
    !sameValue(before[index.sortKey], after[index.sortKey]);
  if (keyChanged) return unitsOf(itemSize(before)) + unitsOf(itemSize(after));
  if (sameItem(before, after)) return 0;
  return unitsOf(Math.max(itemSize(before), itemSize(after)));
};

/** Write units of one item write: on the table and in every index. */
export const billItemWrite = (
  write: ItemWrite,
  indexes: readonly BilledIndex[] = [],
): WriteBill => {
  const bytes = Math.max(
    write.before ? itemSize(write.before) : 0,
    write.after ? itemSize(write.after) : 0,
  );
  return {
    table: unitsOf(bytes) * (write.transactional ? 2 : 1),
    indexes: indexes.reduce((sum, index) => sum + indexWriteUnits(write, index), 0),
  };
};
