/**
 * Patterns and events from the AWS EventBridge user guide ("Event pattern syntax", "Content
 * filtering in Amazon EventBridge event patterns", "Comparison operators", "Arrays").
 */
import { compileEventPattern, EventPatternError } from '../../../infra/local/event-pattern';
import { EVENT_RULES } from '../../../infra/topology';

const matches = (pattern: Record<string, unknown>, event: unknown): boolean =>
  compileEventPattern(pattern)(event);

const ec2StateChange = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-abcd1111', state: 'pending' },
};

const withDetail = (detail: Record<string, unknown>) => ({ ...ec2StateChange, detail });

describe('compileEventPattern', () => {
  describe('exact values', () => {
    it('matches when source, detail-type and a detail field all equal one of their values', () => {
      const pattern = {
        source: ['aws.ec2'],
        'detail-type': ['EC2 Instance State-change Notification'],
        detail: { state: ['terminated'] },
      };
      expect(matches(pattern, withDetail({ state: 'terminated' }))).toBe(true);
      expect(matches(pattern, ec2StateChange)).toBe(false);
    });

    it('matches any of several values', () => {
      const pattern = { source: ['aws.ec2', 'aws.fargate'] };
      expect(matches(pattern, { source: 'aws.fargate' })).toBe(true);
      expect(matches(pattern, { source: 'aws.s3' })).toBe(false);
    });

    it('matches when the pattern list and an array field intersect', () => {
      const pattern = {
        resources: [
          'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
          'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
          'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
        ],
      };
      const event = {
        resources: [
          'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
          'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        ],
      };
      expect(matches(pattern, event)).toBe(true);
      expect(matches(pattern, { resources: ['arn:aws:s3:::bucket'] })).toBe(false);
    });

    it('matches numbers and nested objects by value (Macie finding)', () => {
      const pattern = {
        source: ['aws.macie'],
        'detail-type': ['Macie Finding'],
        detail: { severity: { score: [1] }, count: [2] },
      };
      const finding = {
        source: 'aws.macie',
        'detail-type': 'Macie Finding',
        detail: { severity: { score: 1, description: 'Low' }, count: 2 },
      };
      expect(matches(pattern, finding)).toBe(true);
      expect(matches(pattern, { ...finding, detail: { ...finding.detail, count: 3 } })).toBe(false);
    });

    it('tells null from the empty string', () => {
      const launch = {
        source: 'aws.autoscaling',
        detail: { eventVersion: '', responseElements: null },
      };
      expect(matches({ detail: { eventVersion: [''] } }, launch)).toBe(true);
      expect(matches({ detail: { responseElements: [null] } }, launch)).toBe(true);
      expect(matches({ detail: { eventVersion: [null] } }, launch)).toBe(false);
      expect(matches({ detail: { responseElements: [''] } }, launch)).toBe(false);
    });

    it('does not match when a field of the pattern is missing from the event', () => {
      expect(matches({ detail: { state: ['pending'] } }, { source: 'aws.ec2' })).toBe(false);
    });
  });

  describe('prefix and suffix', () => {
    it('matches a prefix of the time field', () => {
      const pattern = { time: [{ prefix: '2017-10-02' }] };
      expect(matches(pattern, { time: '2017-10-02T18:43:48Z' })).toBe(true);
      expect(matches(pattern, { time: '2017-10-03T18:43:48Z' })).toBe(false);
    });

    it('matches a prefix ignoring case', () => {
      const pattern = { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } };
      expect(matches(pattern, { detail: { service: 'eventbridge' } })).toBe(true);
      expect(matches(pattern, { detail: { service: 'EVENTBRIDGE' } })).toBe(true);
      expect(matches(pattern, { detail: { service: 'sns' } })).toBe(false);
    });

    it('matches a suffix, with or without case', () => {
      expect(matches({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.png' })).toBe(true);
      expect(matches({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.PNG' })).toBe(false);
      const ignoringCase = { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } };
      expect(matches(ignoringCase, { detail: { FileName: 'image.PNG' } })).toBe(true);
    });

    it('does not apply string operators to numbers', () => {
      expect(matches({ code: [{ prefix: '12' }] }, { code: 123 })).toBe(false);
    });
  });

  describe('equals-ignore-case', () => {
    it('matches the detail-type in any casing', () => {
      const pattern = {
        'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }],
      };
      expect(matches(pattern, ec2StateChange)).toBe(true);
      expect(matches(pattern, { ...ec2StateChange, 'detail-type': 'Other' })).toBe(false);
    });
  });

  describe('wildcard', () => {
    it('matches any run of characters where the star is', () => {
      const pattern = { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] };
      expect(
        matches(pattern, { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/orders' }),
      ).toBe(true);
      expect(
        matches(pattern, { EventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/orders' }),
      ).toBe(false);
    });

    it('treats an escaped star literally', () => {
      const pattern = { name: [{ wildcard: 'a\\*b' }] };
      expect(matches(pattern, { name: 'a*b' })).toBe(true);
      expect(matches(pattern, { name: 'axxb' })).toBe(false);
    });
  });

  describe('anything-but', () => {
    it('matches any string or number except the one given', () => {
      const byState = { detail: { state: [{ 'anything-but': 'initializing' }] } };
      expect(matches(byState, withDetail({ state: 'pending' }))).toBe(true);
      expect(matches(byState, withDetail({ state: 'initializing' }))).toBe(false);
      const byLimit = { detail: { 'x-limit': [{ 'anything-but': 123 }] } };
      expect(matches(byLimit, withDetail({ 'x-limit': 124 }))).toBe(true);
      expect(matches(byLimit, withDetail({ 'x-limit': 123 }))).toBe(false);
    });

    it('matches anything outside a list of strings or numbers', () => {
      const byState = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };
      expect(matches(byState, withDetail({ state: 'running' }))).toBe(true);
      expect(matches(byState, withDetail({ state: 'overloaded' }))).toBe(false);
      const byLimit = { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } };
      expect(matches(byLimit, withDetail({ 'x-limit': 150 }))).toBe(true);
      expect(matches(byLimit, withDetail({ 'x-limit': 200 }))).toBe(false);
    });

    it('matches anything without the prefix or suffix', () => {
      const noInit = { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } };
      expect(matches(noInit, withDetail({ state: 'pending' }))).toBe(true);
      expect(matches(noInit, withDetail({ state: 'initializing' }))).toBe(false);
      const noPng = { FileName: [{ 'anything-but': { suffix: '.png' } }] };
      expect(matches(noPng, { FileName: 'notes.txt' })).toBe(true);
      expect(matches(noPng, { FileName: 'image.png' })).toBe(false);
    });

    it('matches anything but the value in any casing', () => {
      const pattern = { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] };
      expect(matches(pattern, { state: 'running' })).toBe(true);
      expect(matches(pattern, { state: 'INITIALIZING' })).toBe(false);
    });

    it('matches anything but paths the wildcard covers', () => {
      const pattern = { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] };
      expect(matches(pattern, { FilePath: 'dir/src/main.ts' })).toBe(true);
      expect(matches(pattern, { FilePath: 'dir/lib/main.ts' })).toBe(false);
    });

    it('does not match a missing field', () => {
      expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, {})).toBe(false);
    });
  });

  describe('numeric', () => {
    const pattern = {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    };

    it('matches when every range holds', () => {
      expect(matches(pattern, withDetail({ 'c-count': 5, 'd-count': 9, 'x-limit': 301.8 }))).toBe(
        true,
      );
    });

    it('does not match when one range fails or a value is not a number', () => {
      expect(matches(pattern, withDetail({ 'c-count': 0, 'd-count': 9, 'x-limit': 301.8 }))).toBe(
        false,
      );
      expect(matches(pattern, withDetail({ 'c-count': 3, 'd-count': 10, 'x-limit': 301.8 }))).toBe(
        false,
      );
      expect(matches(pattern, withDetail({ 'c-count': '3', 'd-count': 1, 'x-limit': 301.8 }))).toBe(
        false,
      );
    });
  });

  describe('exists', () => {
    it('matches an event that has detail.state and not one without it', () => {
      const pattern = { detail: { state: [{ exists: true }] } };
      expect(matches(pattern, ec2StateChange)).toBe(true);
      const withoutState = {
        'detail-type': ['EC2 Instance State-change Notification'],
        resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
        detail: { 'c-count': { c1: 100 } },
      };
      expect(matches(pattern, withoutState)).toBe(false);
    });

    it('matches a missing field with exists false', () => {
      const pattern = { detail: { ProductName: [{ exists: false }] } };
      expect(matches(pattern, ec2StateChange)).toBe(true);
      expect(matches(pattern, withDetail({ ProductName: 'x' }))).toBe(false);
    });
  });

  describe('$or', () => {
    const pattern = {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    };

    it('matches when any alternative matches', () => {
      expect(matches(pattern, withDetail({ 'c-count': 3 }))).toBe(true);
      expect(matches(pattern, withDetail({ 'd-count': 1 }))).toBe(true);
      expect(matches(pattern, withDetail({ 'x-limit': 301.8 }))).toBe(true);
    });

    it('does not match when no alternative matches', () => {
      expect(matches(pattern, withDetail({ 'c-count': 9, 'd-count': 20, 'x-limit': 1 }))).toBe(
        false,
      );
    });

    it('matches alternatives on different fields (Location or Day)', () => {
      const either = { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] };
      expect(matches(either, { Location: 'Boston', Day: 'Monday' })).toBe(true);
      expect(matches(either, { Location: 'Boston', Day: 'Tuesday' })).toBe(false);
    });
  });

  describe('combined operators', () => {
    it('matches the complex example with prefix, anything-but and numeric', () => {
      const pattern = {
        time: [{ prefix: '2017-10-02' }],
        detail: {
          state: [{ 'anything-but': 'initializing' }],
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ 'anything-but': [100, 200, 300] }],
        },
      };
      const event = {
        time: '2017-10-02T18:43:48Z',
        detail: { state: 'running', 'c-count': 2, 'd-count': 4, 'x-limit': 150 },
      };
      expect(matches(pattern, event)).toBe(true);
      expect(matches(pattern, { ...event, detail: { ...event.detail, 'x-limit': 300 } })).toBe(
        false,
      );
    });

    it('matches fields of objects inside arrays (ECS containers)', () => {
      const pattern = { detail: { containers: { exitCode: [{ 'anything-but': [0, 137, 143] }] } } };
      expect(matches(pattern, { detail: { containers: [{ exitCode: 0 }, { exitCode: 1 }] } })).toBe(
        true,
      );
      expect(matches(pattern, { detail: { containers: [{ exitCode: 0 }] } })).toBe(false);
    });
  });

  describe('the product rules', () => {
    it('routes an SLA breach naming slack to the slack rule only', () => {
      const breach = {
        source: 'social-responder',
        'detail-type': 'Case SLA Breached',
        detail: { caseId: 'c-1', channels: ['slack'], level: 1 },
      };
      const matched = EVENT_RULES.filter((rule) => compileEventPattern(rule.pattern)(breach));
      expect(matched.map((rule) => rule.name)).toEqual(['sla-to-slack']);
    });
  });

  describe('malformed patterns', () => {
    it.each([
      [{ source: 'aws.ec2' }, 'source: must be a list'],
      [{ source: [] }, 'source: an empty list'],
      [{ detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, 'detail.ip: operator "cidr"'],
      [{ n: [{ numeric: ['>', 'zero'] }] }, 'n: "numeric" has a bad pair'],
      [{ $or: [{ a: ['x'] }] }, '$or: "$or" needs a list of at least two'],
      [{ s: [{ 'anything-but': { contains: 'x' } }] }, 's: "anything-but" does not support'],
    ])('rejects %j naming the field', (pattern, message) => {
      expect(() => compileEventPattern(pattern)).toThrow(EventPatternError);
      expect(() => compileEventPattern(pattern)).toThrow(message);
    });
  });
});
