import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describeOpenedCase } from '../../../infra/local/console-lines';
import { openedCaseOf } from '../../../shared/adapters/dynamodb/case-change-facts';
import { caseToItem } from '../../../shared/adapters/dynamodb/case-items';
import { threadCustomerMention } from '../../../shared/domain/cases/threading';
import { DEFAULT_SLA_POLICY, SlaPolicy } from '../../../shared/domain/sla/policy';
import { complaintDecision, refundComplaint } from '../../fixtures/cases/mentions';

const opened = threadCustomerMention({
  mention: refundComplaint({ author: { id: 'author-opened' } }),
  decision: complaintDecision({ priority: 'P2' }),
  candidate: undefined,
  newCaseId: 'c_opened',
  slaPolicy: SlaPolicy.parse(DEFAULT_SLA_POLICY),
  threadWindowHours: 72,
  now: new Date('2025-05-13T09:00:00.000Z'),
}).case;

const image = (item: Record<string, unknown>) =>
  marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue> as NonNullable<
    DynamoDBRecord['dynamodb']
  >['NewImage'];

const record = (eventName: 'INSERT' | 'MODIFY', withOldImage: boolean): DynamoDBRecord => ({
  eventName,
  dynamodb: {
    NewImage: image(caseToItem(opened)),
    ...(withOldImage ? { OldImage: image(caseToItem(opened)) } : {}),
  },
});

describe('the case a stream record opens', () => {
  it('is the case item inserted, and nothing for a change to one', () => {
    // Its figures: the decision (reasons, suggested reply) is an item of its own.
    const { reasons: _reasons, suggestedReply: _reply, ...figures } = opened;
    expect(openedCaseOf(record('INSERT', false))).toEqual(figures);
    expect(openedCaseOf(record('MODIFY', true))).toBeUndefined();
  });

  it('is told in the same line npm start prints for case events', () => {
    const line = describeOpenedCase(opened);
    expect(line).toMatch(/^case c_opened opened {2}P2 {2}/);
    expect(line).toContain('“@AcmeAir still waiting for my refund');
  });
});
