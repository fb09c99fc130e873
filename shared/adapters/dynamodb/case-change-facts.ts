/**
 * What a change to the case table adds to the reports, read from its stream record (new and old
 * images): a customer mention stored, a case opened, a case's first response.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Case } from '../../contracts/case';
import {
  caseOpenedFact,
  firstResponseFact,
  mentionFact,
  type ReportFact,
} from '../../domain/cases/reports';
import { caseFromItem, caseMentionFromItem } from './case-items';

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

const itemOf = (image: Image | undefined): Record<string, unknown> | undefined =>
  image ? unmarshall(image as Record<string, AttributeValue>) : undefined;

/** The case a stream record opens: a case item inserted; undefined for any other change. */
export const openedCaseOf = (record: DynamoDBRecord): Case | undefined => {
  const after = itemOf(record.dynamodb?.NewImage);
  if (after?.itemType !== 'case' || record.dynamodb?.OldImage) return undefined;
  return caseFromItem(after);
};

/** The report facts of one stream record; none for changes that count nothing. */
export const reportFactsOf = (record: DynamoDBRecord): ReportFact[] => {
  const after = itemOf(record.dynamodb?.NewImage);
  if (!after) return [];
  if (after.itemType === 'mention') {
    if (record.eventName !== 'INSERT') return [];
    const mention = caseMentionFromItem(after);
    // Brand replies carry no triage decision and are not customer mentions.
    return mention.triage ? [mentionFact(mention, mention.triage.classification)] : [];
  }
  if (after.itemType !== 'case') return [];
  const next = caseFromItem(after);
  const before = itemOf(record.dynamodb?.OldImage);
  const facts: ReportFact[] = before ? [] : [caseOpenedFact(next)];
  if (next.firstResponseAt !== undefined && before?.firstResponseAt === undefined) {
    facts.push(firstResponseFact(next));
  }
  return facts;
};
