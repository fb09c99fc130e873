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
 * The configuration file a synth or deploy uses: `-c config=…`, else RESPONDER_CONFIG (the same
 * variable `npm start` reads). A variable under another name is refused rather than silently
 * deploying the defaults, which accept every account.
 */
export const configPathOf = (
  context: unknown,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined => {
  if (env.RESPONDER_CONFIG_FILE !== undefined) {
    throw new ConfigError(
      'RESPONDER_CONFIG_FILE is not read: name the configuration file with RESPONDER_CONFIG (as for npm start) or -c config=…',
    );
  }
  const fromContext = typeof context === 'string' && context !== '' ? context : undefined;
  const fromEnv = env.RESPONDER_CONFIG || undefined;
  if (fromContext && fromEnv && fromContext !== fromEnv) {
    throw new ConfigError(
      `two configuration files named: -c config=${fromContext} and RESPONDER_CONFIG=${fromEnv}; give one`,
    );
  }
  return fromContext ?? fromEnv;
};

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
