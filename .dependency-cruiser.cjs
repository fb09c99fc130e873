/**
 * The layers and the one direction they depend in: contracts ← domain ← use cases ← adapters,
 * the setup kit and the functions; infra on top. `npm test` runs this (`npm run lint:layers`);
 * a violation prints the rule and both files.
 */
const layer = (name) => `^shared/${name}/`;

module.exports = {
  forbidden: [
    {
      name: 'shared-not-on-infra',
      comment:
        'shared/ is what the functions share; it never reaches into infra, functions, scripts or tests',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(infra|functions|scripts|test|console|bin)/' },
    },
    {
      name: 'contracts-stand-alone',
      comment: 'contracts are the base layer: they import only other contracts',
      severity: 'error',
      from: { path: layer('contracts') },
      to: { path: '^shared/', pathNot: layer('contracts') },
    },
    {
      name: 'domain-on-contracts',
      comment: 'the domain imports only contracts and itself',
      severity: 'error',
      from: { path: layer('domain') },
      to: { path: '^shared/', pathNot: [layer('contracts'), layer('domain')] },
    },
    {
      name: 'domain-is-pure',
      comment:
        'the domain does no I/O: no AWS SDK, no Powertools, no file system, network or processes',
      severity: 'error',
      from: { path: layer('domain') },
      to: {
        path: '^node_modules/(@aws-sdk|@aws-lambda-powertools)/|^(node:)?(fs|fs/promises|http|https|net|child_process|dgram|dns)$',
      },
    },
    {
      name: 'use-cases-through-ports',
      comment:
        'use cases orchestrate the domain through ports they own; adapters implement the ports',
      severity: 'error',
      from: { path: layer('use-cases') },
      to: { path: '^shared/', pathNot: [layer('contracts'), layer('domain'), layer('use-cases')] },
    },
    {
      name: 'use-cases-without-sdk',
      comment: 'use cases reach AWS only through ports',
      severity: 'error',
      from: { path: layer('use-cases') },
      to: { path: '^node_modules/@aws-sdk/' },
    },
    {
      name: 'adapters-below-setup-kit',
      comment: 'adapters take their clients as arguments; the setup kit builds them',
      severity: 'error',
      from: { path: layer('adapters') },
      to: { path: layer('runtime') },
    },
    {
      name: 'console-on-contracts',
      comment:
        'the console is a browser app on the cases API: of the product code it imports only the contracts',
      severity: 'error',
      from: { path: '^console/src/' },
      to: { path: '^(shared|functions|infra|scripts|test|bin)/', pathNot: '^shared/contracts/' },
    },
    {
      name: 'functions-not-on-infra',
      comment: 'a Lambda bundle holds no infrastructure code',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(infra|scripts|test)/' },
    },
    {
      name: 'functions-through-setup-kit',
      comment:
        'a function gets its logger and tracing from the setup kit (shared/runtime/function-kit.ts, tracing.ts), its AWS clients from the kit by class (kit.client(SQSClient): built once, in its region, traced when the function is) and its DynamoDB document client from document-client.ts; a client with settings of its own (Bedrock) it builds itself, traced by the kit',
      severity: 'error',
      from: { path: '^functions/' },
      to: {
        path: '^node_modules/(@aws-sdk/(client-dynamodb|lib-dynamodb)/|@aws-lambda-powertools/(logger|tracer)/)',
      },
    },
    {
      name: 'no-circular',
      comment:
        'modules that import each other cannot be read, tested or moved apart; the layers hold only one way',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment:
        'folders that lean on each other are one concern split in two: one of them goes below the other (in every folder of the repository: layers, adapters, functions, infra, tools, tests)',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      comment: 'every import resolves',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(cdk\\.out|\\.data|console/dist)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
