/**
 * An EventBridge event-pattern matcher for the local bus: the same rules (infra/topology.ts
 * EVENT_RULES) decide locally what they decide in AWS.
 *
 * Supported: exact values (any-of, also against array fields), null and empty string, prefix and
 * suffix (optionally ignoring case), equals-ignore-case, wildcard, anything-but (values, prefix,
 * suffix, equals-ignore-case, wildcard), numeric ranges, exists, `$or`, nested objects (also
 * through arrays of objects). Not supported: cidr; a pattern using it is rejected.
 */
import type { EventPattern } from '../topology';

export class EventPatternError extends Error {
  override name = 'EventPatternError';
}

/** A compiled pattern: true when the event matches. */
export type EventMatcher = (event: unknown) => boolean;

type Primitive = string | number | boolean | null;
/** Tests one value that is present in the event (never an array: arrays are unrolled first). */
type ValueTest = (value: unknown) => boolean;
/** Tests a field as a whole: `present` says whether the key exists at all. */
type FieldTest = (present: boolean, value: unknown) => boolean;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isPrimitive = (value: unknown): value is Primitive =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

const equalsPrimitive =
  (expected: Primitive): ValueTest =>
  (value) =>
    value === expected;

const stringTest =
  (test: (value: string) => boolean): ValueTest =>
  (value) =>
    typeof value === 'string' && test(value);

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
const wildcardTest = (pattern: string, path: string): ValueTest => {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index];
    if (char === '\\') {
      const next = pattern[index + 1];
      if (next !== '*' && next !== '\\') {
        throw new EventPatternError(`${path}: wildcard "${pattern}" has a stray backslash`);
      }
      source += escapeRegExp(next);
      index += 1;
    } else if (char === '*') {
      if (pattern[index + 1] === '*') {
        throw new EventPatternError(`${path}: wildcard "${pattern}" has consecutive stars`);
      }
      source += '.*';
    } else {
      source += escapeRegExp(char ?? '');
    }
  }
  const regex = new RegExp(`^${source}$`, 's');
  return stringTest((value) => regex.test(value));
};

const requireString = (value: unknown, path: string, operator: string): string => {
  if (typeof value !== 'string') {
    throw new EventPatternError(
      `${path}: "${operator}" needs a string, got ${JSON.stringify(value)}`,
    );
  }
  return value;
};

/** `prefix` / `suffix`: a string, or `{ "equals-ignore-case": string }`. */
const affixTest = (operand: unknown, path: string, kind: 'prefix' | 'suffix'): ValueTest => {
  const ignoreCase = isRecord(operand);
  const affix = ignoreCase
    ? requireString(operand['equals-ignore-case'], path, `${kind}.equals-ignore-case`)
    : requireString(operand, path, kind);
  const wanted = ignoreCase ? affix.toLowerCase() : affix;
  return stringTest((value) => {
    const subject = ignoreCase ? value.toLowerCase() : value;
    return kind === 'prefix' ? subject.startsWith(wanted) : subject.endsWith(wanted);
  });
};

const equalsIgnoreCaseTest = (operand: unknown, path: string): ValueTest => {
  const wanted = requireString(operand, path, 'equals-ignore-case').toLowerCase();
  return stringTest((value) => value.toLowerCase() === wanted);
};

const NUMERIC_OPERATORS: Record<string, (value: number, bound: number) => boolean> = {
  '=': (value, bound) => value === bound,
  '<': (value, bound) => value < bound,
  '<=': (value, bound) => value <= bound,
  '>': (value, bound) => value > bound,
  '>=': (value, bound) => value >= bound,
};

/** `numeric`: operator/number pairs, all of which must hold, e.g. [">", 0, "<=", 5]. */
const numericTest = (operand: unknown, path: string): ValueTest => {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0) {
    throw new EventPatternError(`${path}: "numeric" needs operator/number pairs`);
  }
  const checks: ((value: number) => boolean)[] = [];
  for (let index = 0; index < operand.length; index += 2) {
    const operator = operand[index];
    const bound = operand[index + 1];
    const compare = typeof operator === 'string' ? NUMERIC_OPERATORS[operator] : undefined;
    if (!compare || typeof bound !== 'number') {
      throw new EventPatternError(
        `${path}: "numeric" has a bad pair ${JSON.stringify([operator, bound])}`,
      );
    }
    checks.push((value) => compare(value, bound));
  }
  return (value) => typeof value === 'number' && checks.every((check) => check(value));
};

/** `anything-but`: a value, a list of values, or one of prefix, suffix, equals-ignore-case, wildcard. */
const anythingButTest = (operand: unknown, path: string): ValueTest => {
  const noneOf =
    (tests: ValueTest[]): ValueTest =>
    (value) =>
      !tests.some((test) => test(value));
  const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
  if (isRecord(operand)) {
    const [operator, ...others] = Object.keys(operand);
    if (!operator || others.length > 0) {
      throw new EventPatternError(`${path}: "anything-but" takes exactly one operator`);
    }
    const inner = operand[operator];
    switch (operator) {
      case 'prefix':
      case 'suffix':
        return noneOf([affixTest(inner, path, operator)]);
      case 'equals-ignore-case':
        return noneOf(listOf(inner).map((item) => equalsIgnoreCaseTest(item, path)));
      case 'wildcard':
        return noneOf(
          listOf(inner).map((item) =>
            wildcardTest(requireString(item, path, 'anything-but.wildcard'), path),
          ),
        );
      default:
        throw new EventPatternError(`${path}: "anything-but" does not support "${operator}"`);
    }
  }
  const values = listOf(operand);
  if (!values.every(isPrimitive) || values.length === 0) {
    throw new EventPatternError(
      `${path}: "anything-but" needs a value, a list of values or an operator`,
    );
  }
  return noneOf(values.map(equalsPrimitive));
};

/** A field test from one entry of a leaf array. */
const conditionTest = (condition: unknown, path: string): FieldTest => {
  const whenPresent =
    (test: ValueTest): FieldTest =>
    (present, value) =>
      present && (Array.isArray(value) ? value.some((item) => test(item)) : test(value));

  if (isPrimitive(condition)) return whenPresent(equalsPrimitive(condition));
  if (!isRecord(condition)) {
    throw new EventPatternError(
      `${path}: ${JSON.stringify(condition)} is not a value or an operator`,
    );
  }
  const [operator, ...others] = Object.keys(condition);
  if (!operator || others.length > 0) {
    throw new EventPatternError(`${path}: an operator object takes exactly one operator`);
  }
  const operand = condition[operator];
  switch (operator) {
    case 'exists':
      if (typeof operand !== 'boolean') {
        throw new EventPatternError(`${path}: "exists" needs true or false`);
      }
      return (present) => present === operand;
    case 'prefix':
    case 'suffix':
      return whenPresent(affixTest(operand, path, operator));
    case 'equals-ignore-case':
      return whenPresent(equalsIgnoreCaseTest(operand, path));
    case 'wildcard':
      return whenPresent(wildcardTest(requireString(operand, path, 'wildcard'), path));
    case 'numeric':
      return whenPresent(numericTest(operand, path));
    case 'anything-but':
      return whenPresent(anythingButTest(operand, path));
    default:
      throw new EventPatternError(`${path}: operator "${operator}" is not supported`);
  }
};

const compileLeaf = (
  conditions: unknown[],
  path: string,
): ((value: unknown, present: boolean) => boolean) => {
  if (conditions.length === 0)
    throw new EventPatternError(`${path}: an empty list matches nothing`);
  const tests = conditions.map((condition) => conditionTest(condition, path));
  return (value, present) => tests.some((test) => test(present, value));
};

/** A matcher for an object level of the pattern, applied to the event object at the same level. */
const compileObject = (
  pattern: Record<string, unknown>,
  path: string,
): ((subject: unknown) => boolean) => {
  const fieldMatchers = Object.entries(pattern).map(([key, value]) => {
    const fieldPath = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isRecord)) {
        throw new EventPatternError(`${fieldPath}: "$or" needs a list of at least two patterns`);
      }
      const alternatives = value.map((alternative) => compileObject(alternative, path));
      return (subject: unknown) => alternatives.some((alternative) => alternative(subject));
    }
    if (Array.isArray(value)) {
      const leaf = compileLeaf(value, fieldPath);
      return (subject: unknown) => {
        const present = isRecord(subject) && Object.hasOwn(subject, key);
        return leaf(present ? subject[key] : undefined, present);
      };
    }
    if (isRecord(value)) {
      const nested = compileObject(value, fieldPath);
      return (subject: unknown) => {
        const child = isRecord(subject) ? subject[key] : undefined;
        // Arrays of objects are unrolled, as EventBridge flattens them; a missing object matches
        // only what an absent field matches (exists: false).
        return Array.isArray(child) ? child.some((item) => nested(item)) : nested(child);
      };
    }
    throw new EventPatternError(`${fieldPath}: must be a list of values or a nested pattern`);
  });
  return (subject) => fieldMatchers.every((matches) => matches(subject));
};

/** Compiles a pattern once; a malformed pattern throws an EventPatternError naming the field. */
export const compileEventPattern = (pattern: EventPattern): EventMatcher => {
  if (!isRecord(pattern)) throw new EventPatternError('an event pattern must be a JSON object');
  return compileObject(pattern, '');
};
