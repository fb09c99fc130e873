import { readFileSync } from 'node:fs';
import {
  ConfigError,
  parseConfig,
  type ResponderConfig,
} from '../../shared/domain/config/responder-config';

/** A validated configuration and the document it came from (what the functions are given). */
export interface DeploymentConfiguration {
  readonly config: ResponderConfig;
  /** The configuration as written, without its `deployment` section. */
  readonly document: Record<string, unknown>;
  /** Where it came from, for messages. */
  readonly origin: string;
}

/**
 * Reads and validates the configuration file at `path`; without a path, the product defaults.
 * Errors name the file and every bad field.
 */
export const loadDeploymentConfiguration = (path: string | undefined): DeploymentConfiguration => {
  if (!path) return fromDocument({}, 'the default configuration');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the configuration file ${path}`, { cause: error });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`the configuration file ${path} is not valid JSON`, { cause: error });
  }
  return fromDocument(document, path);
};

const fromDocument = (document: unknown, origin: string): DeploymentConfiguration => {
  const config = parseConfig(document, origin);
  // parseConfig accepted it, so it is an object.
  const { deployment: _deployment, ...forFunctions } = document as Record<string, unknown>;
  return { config, document: forFunctions, origin };
};
