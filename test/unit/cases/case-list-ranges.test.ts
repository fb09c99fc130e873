import {
  CaseListFilterError,
  caseListIndex,
  caseListRanges,
} from '../../../shared/adapters/dynamodb/case-list';
import { statusSort } from '../../../shared/adapters/dynamodb/table-keys';

const within = (range: { low: string; high: string }, sort: string) =>
  range.low <= sort && sort <= range.high;

describe('caseListRanges', () => {
  it('reads every shard of each status, one range for consecutive priorities', () => {
    const ranges = caseListRanges({
      statuses: ['open'],
      priorities: ['P1', 'P2'],
      needsReply: true,
    });
    expect(ranges.map((range) => range.key)).toEqual(['STATUS#open#0', 'STATUS#open#1']);
    const [range] = ranges;
    if (!range) throw new Error('no range');
    const due = '2026-11-30T10:00:00.000Z';
    expect(within(range, statusSort(true, 'P1', due, 'c_a'))).toBe(true);
    expect(within(range, statusSort(true, 'P2', undefined, 'c_a'))).toBe(true);
    expect(within(range, statusSort(true, 'P3', due, 'c_a'))).toBe(false);
    expect(within(range, statusSort(false, 'P1', due, 'c_a'))).toBe(false);
  });

  it('takes the 4 partitions of the default queue, and the 5 of every status, in one range each', () => {
    expect(
      caseListRanges({ statuses: ['open', 'acknowledged', 'responded'], needsReply: true }),
    ).toHaveLength(4);
    expect(
      caseListRanges({
        statuses: ['open', 'acknowledged', 'responded', 'resolved'],
        needsReply: 'any',
      }),
    ).toHaveLength(5);
  });

  it('needs two ranges a shard for priorities apart, or for any need of a reply with a priority', () => {
    expect(
      caseListRanges({ statuses: ['open'], priorities: ['P1', 'P3'], needsReply: true }),
    ).toHaveLength(4);
    expect(
      caseListRanges({ statuses: ['acknowledged'], priorities: ['P1'], needsReply: 'any' }),
    ).toHaveLength(2);
  });

  it("reads an agent's cases from by-assignee, one partition a status", () => {
    const ranges = caseListRanges({
      statuses: ['open', 'acknowledged'],
      needsReply: true,
      assignee: 'agent-ana',
    });
    expect(ranges.map((range) => range.key)).toEqual([
      'ASSIGNEE#open#agent-ana',
      'ASSIGNEE#acknowledged#agent-ana',
    ]);
    expect(caseListIndex({ assignee: 'agent-ana' }).name).toBe('by-assignee');
    expect(caseListIndex({}).name).toBe('by-status');
  });

  it('refuses a combination of more than 5 queries, naming it', () => {
    expect(() =>
      caseListRanges({
        statuses: ['open', 'responded'],
        priorities: ['P2', 'P4'],
        needsReply: true,
      }),
    ).toThrow(
      new CaseListFilterError(
        'status=open,responded with priority=P2,P4 with needsReply=true takes 6 index queries a page, more than the 5 a page may take: ask for fewer statuses, consecutive priorities (P1,P2) or needsReply true or false',
      ),
    );
  });
});
