/**
 * What a change to the case table adds to the reports, read from its stream record (new and old
 * images): a customer mention stored, a case opened, a case's first response.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { CaseFigures } from '../../contracts/case';
import {
  caseOpenedFact,
  firstResponseFact,
  mentionFact,
  type ReportFact,
} from '../../domain/cases/reports';
import { caseFiguresFromItem, caseMentionFromItem } from './case-items';

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

const itemOf = (image: Image | undefined): Record<string, unknown> | undefined =>
  image ? unmarshall(image as Record<string, AttributeValue>) : undefined;

/** The kinds of item whose changes the reports count; every other change is not read at all. */
const COUNTED_ITEMS = new Set(['mention', 'case']);

const countedItemOf = (record: DynamoDBRecord): Record<string, unknown> | undefined => {
  const itemType = record.dynamodb?.NewImage?.itemType?.S;
  return itemType && COUNTED_ITEMS.has(itemType) ? itemOf(record.dynamodb?.NewImage) : undefined;
};

/** The case a stream record opens: a case item inserted; undefined for any other change. */
export const openedCaseOf = (record: DynamoDBRecord): CaseFigures | undefined => {
  const after = countedItemOf(record);
  if (after?.itemType !== 'case' || record.dynamodb?.OldImage) return undefined;
  return caseFiguresFromItem(after);
};

/**
 * The report facts of one stream record; none for changes that count nothing. Throws when a
 * mention or case item cannot be read.
 */
export const reportFactsOf = (record: DynamoDBRecord): ReportFact[] => {
  const after = countedItemOf(record);
  if (!after) return [];
  if (after.itemType === 'mention') {
    if (record.eventName !== 'INSERT') return [];
    const mention = caseMentionFromItem(after);
    // Brand replies carry no triage decision and are not customer mentions.
    return mention.triage ? [mentionFact(mention, mention.triage.classification)] : [];
  }
  if (after.itemType !== 'case') return [];
  const next = caseFiguresFromItem(after);
  const before = itemOf(record.dynamodb?.OldImage);
  const facts: ReportFact[] = before ? [] : [caseOpenedFact(next)];
  if (next.firstResponseAt !== undefined && before?.firstResponseAt === undefined) {
    facts.push(firstResponseFact(next));
  }
  return facts;
};
