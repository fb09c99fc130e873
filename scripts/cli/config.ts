/** `responder config validate <file>`: the same validation as synth and start. */
import { readFile } from 'node:fs/promises';
import { parseConfig } from '../../shared/domain/config/responder-config';
import { CliError } from './api-client';

export const validateConfigFile = async (path: string): Promise<string> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const config = parseConfig(json, path);
  return `${path} is valid: ${config.brands.length} brand(s), ${config.sla.policies.length} SLA policy(ies), stage ${config.stage}`;
};
