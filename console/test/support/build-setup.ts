/** Jest global setup of the browser tests: the console's build must be current. */
import { ensureConsoleBuilt } from '../../../infra/console-build';

export default (): void => {
  ensureConsoleBuilt((line) => console.log(line));
};
