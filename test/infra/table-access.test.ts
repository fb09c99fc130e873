import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { TABLE_ACTIONS } from '../../infra/aws/constructs/product-functions';
import { REPOSITORY_ROOT } from '../../infra/aws/constructs/responder-function';
import { FUNCTIONS, type FunctionName } from '../../infra/topology';

const COMMAND_ACTIONS: Record<string, string> = {
  Get: 'GetItem',
  GetItem: 'GetItem',
  Put: 'PutItem',
  PutItem: 'PutItem',
  Update: 'UpdateItem',
  UpdateItem: 'UpdateItem',
  Delete: 'DeleteItem',
  DeleteItem: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchGet: 'BatchGetItem',
  BatchGetItem: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  BatchWriteItem: 'BatchWriteItem',
};
const TRANSACTION_ACTIONS: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

/**
 * The DynamoDB actions the code bundled into a function can call: the commands its source files
 * send, and the operations inside their transactions. Over-approximates (a bundled file may have
 * paths the function never takes), which is the safe side for "is anything missing".
 */
const tableActionsInBundle = (name: FunctionName): string[] => {
  const { metafile } = buildSync({
    entryPoints: [join(REPOSITORY_ROOT, FUNCTIONS[name].entry)],
    absWorkingDir: REPOSITORY_ROOT,
    bundle: true,
    platform: 'node',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const actions = new Set<string>();
  for (const file of Object.keys(metafile.inputs).filter(
    (path) => !path.includes('node_modules'),
  )) {
    const source = readFileSync(join(REPOSITORY_ROOT, file), 'utf8');
    if (!/@aws-sdk\/(lib|client)-dynamodb/.test(source)) continue;
    for (const [, command] of source.matchAll(/new (\w+?)Command\(/g)) {
      const action = COMMAND_ACTIONS[command ?? ''];
      if (action) actions.add(action);
    }
    for (const [, operation] of source.matchAll(/\b(Put|Update|Delete|ConditionCheck):\s*\{/g)) {
      actions.add(TRANSACTION_ACTIONS[operation ?? ''] ?? '');
    }
  }
  return [...actions].sort();
};

describe('TABLE_ACTIONS', () => {
  it.each(Object.keys(FUNCTIONS) as FunctionName[])(
    'grants %s every DynamoDB action its bundled code can call',
    (name) => {
      expect(TABLE_ACTIONS[name]).toEqual(expect.arrayContaining(tableActionsInBundle(name)));
    },
    30_000,
  );
});
