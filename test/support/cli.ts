/** Runs `npx responder …` in-process, as the shell would, collecting what it prints. */
import type { RuntimeHandle } from '../../infra/local/runtime-handle';
import { main } from '../../scripts/cli/main';

export interface CliRun {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

export const runCli = async (
  argv: readonly string[],
  options: {
    readonly env?: Record<string, string | undefined>;
    /** The running local runtime the CLI would find; none by default. */
    readonly runtimeHandle?: () => RuntimeHandle | undefined;
  } = {},
): Promise<CliRun> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    status: () => {},
    env: options.env ?? {},
    runtimeHandle: options.runtimeHandle ?? (() => undefined),
  });
  return { code, out, err };
};
