/**
 * The CDK app: `cdk synth|deploy -c config=path/to/config.json` (or RESPONDER_CONFIG_FILE).
 * `-c retainData=false` lets `cdk destroy` delete the table and the operator user pool too.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadDeploymentConfiguration } from './load-config';
import { ResponderStack } from './responder-stack';

const app = new App();
const configuration = loadDeploymentConfiguration(
  app.node.tryGetContext('config') ?? process.env.RESPONDER_CONFIG_FILE,
);
const { stage, deployment } = configuration.config;
new ResponderStack(app, `SocialResponder-${stage}`, {
  configuration,
  retainData: String(app.node.tryGetContext('retainData') ?? 'true') !== 'false',
  env: { account: deployment.account, region: deployment.region },
  description: `Social responder (${stage}): webhooks to triaged cases and on-call escalations`,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
