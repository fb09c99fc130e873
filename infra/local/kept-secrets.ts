/**
 * Secrets the product writes (rotated Trustpilot tokens), kept in a file of the local data
 * directory as AWS keeps them in Secrets Manager: a restart reads the last value written, not the
 * environment's spent one. Other secrets come from the source beneath.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  isWrittenSecret,
  type SecretSource,
  type WrittenSecretName,
} from '../../shared/contracts/secrets';

const readKept = (file: string): Partial<Record<WrittenSecretName, string>> => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<WrittenSecretName, string>>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`${file} cannot be read as the kept secrets: ${(error as Error).message}`);
  }
};

/** `beneath`, with the written secrets read from and stored in `file` (read afresh each time). */
export const keptSecrets = (beneath: SecretSource, file: string): SecretSource => ({
  get: async (name) =>
    (isWrittenSecret(name) ? readKept(file)[name] : undefined) ?? beneath.get(name),
  put: async (name, value) => {
    const kept = { ...readKept(file), [name]: value };
    mkdirSync(dirname(file), { recursive: true });
    // Written whole, then renamed: a crash mid-write never leaves half a token pair.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
    renameSync(partial, file);
  },
});
