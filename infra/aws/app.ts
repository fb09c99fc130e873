/**
 * The CDK app: `cdk synth|deploy -c config=path/to/config.json` (or RESPONDER_CONFIG, as locally).
 * `-c retainData=false` lets `cdk destroy` delete the table and the operator user pool too.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../../shared/domain/config/responder-config';
import { configPathOf, loadDeploymentConfiguration } from './load-config';
import { ResponderStack } from './responder-stack';

const app = new App();
const loadConfiguration = () => {
  try {
    return loadDeploymentConfiguration(configPathOf(app.node.tryGetContext('config'), process.env));
  } catch (error) {
    // The message names every bad field; the ZodError and stack under it would only bury it.
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
};
const configuration = loadConfiguration();
const { stage, deployment } = configuration.config;
new ResponderStack(app, `SocialResponder-${stage}`, {
  configuration,
  retainData: String(app.node.tryGetContext('retainData') ?? 'true') !== 'false',
  env: { account: deployment.account, region: deployment.region },
  description: `Social responder (${stage}): webhooks to triaged cases and on-call escalations`,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
