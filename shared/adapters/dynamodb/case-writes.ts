/**
 * The writes that store a case: its figures in the case item, its decision in the decision item
 * (case-items.ts). Every writer of cases (triage, the cases API, the sweeper, the reply outbox)
 * builds its transaction entries here.
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { Case } from '../../contracts/case';
import { caseDecisionToItem, caseItemsOf, caseToItem, decisionChanged } from './case-items';
import type { TransactWriteItem } from './transact-write-item';

/**
 * A write's condition in DynamoDB's expression form. Its placeholders must not be of the form
 * `#c<n>`, `#cr<n>` or `:c<n>`, which the update of the case item uses.
 */
export interface WriteCondition {
  readonly expression: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, NativeAttributeValue>>;
}

/** The condition most writers put on a case: nobody changed it since `before` was read. */
export const unchangedSince = (before: Pick<Case, 'version'>): WriteCondition => ({
  expression: '#version = :expectedVersion',
  names: { '#version': 'version' },
  values: { ':expectedVersion': before.version },
});

/** The transaction entries of one case write: its case item, and its decision item when written. */
export interface CaseWrites {
  readonly caseItem: TransactWriteItem;
  readonly decisionItem?: TransactWriteItem;
}

/** Both entries as a list, the case item's first. */
export const entriesOf = (writes: CaseWrites): TransactWriteItem[] =>
  writes.decisionItem ? [writes.caseItem, writes.decisionItem] : [writes.caseItem];

/** The entries that store a new case: both its items, on condition that no case has its id. */
export const newCaseWrites = (tableName: string, created: Case): CaseWrites => {
  const [caseItem, decisionItem] = caseItemsOf(created);
  return {
    caseItem: {
      Put: {
        TableName: tableName,
        Item: caseItem,
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    decisionItem: { Put: { TableName: tableName, Item: decisionItem } },
  };
};

/** Attributes of an item written before the decision had an item of its own. */
const INLINE_DECISION = ['reasons', 'suggestedReply'];

/**
 * The entries that change a stored case from `before` (as read) to `after`, on `condition`: an
 * update of the case item that sets every attribute of `after`'s item and removes those only
 * `before`'s had (a stopped clock leaves the `sla-due` index, an unassigned case `by-assignee`),
 * and a put of the decision item only when the decision changed. An update rather than a put
 * keeps what an item of an earlier release holds beyond the figures, its decision, until the
 * decision next changes; then the decision item takes over and the item's copy is removed.
 */
export const caseChangeWrites = (
  tableName: string,
  change: { readonly before: Case; readonly after: Case },
  condition: WriteCondition,
): CaseWrites => {
  const { PK, SK, ...attributes } = caseToItem(change.after);
  const set = Object.entries(attributes);
  const changedDecision = decisionChanged(change.before, change.after);
  const { PK: _samePk, SK: _sameSk, ...before } = caseToItem(change.before);
  const removed = [
    ...Object.keys(before).filter((name) => !(name in attributes)),
    ...(changedDecision ? INLINE_DECISION : []),
  ];
  const caseItem: TransactWriteItem = {
    Update: {
      TableName: tableName,
      Key: { PK, SK },
      UpdateExpression: [
        `SET ${set.map((_, i) => `#c${i} = :c${i}`).join(', ')}`,
        ...(removed.length > 0 ? [`REMOVE ${removed.map((_, i) => `#cr${i}`).join(', ')}`] : []),
      ].join(' '),
      ConditionExpression: condition.expression,
      ExpressionAttributeNames: {
        ...condition.names,
        ...Object.fromEntries(set.map(([name], i) => [`#c${i}`, name])),
        ...Object.fromEntries(removed.map((name, i) => [`#cr${i}`, name])),
      },
      ExpressionAttributeValues: {
        ...condition.values,
        ...Object.fromEntries(set.map(([, value], i) => [`:c${i}`, value])),
      },
    },
  };
  return changedDecision
    ? {
        caseItem,
        decisionItem: { Put: { TableName: tableName, Item: caseDecisionToItem(change.after) } },
      }
    : { caseItem };
};
