/**
 * `npm run bench`: measure kernels with the page's own code (src/bench), on
 * the browser backend (headless Chromium showing the built app; the default)
 * or the Dawn backend (Dawn in Node, `--backend dawn`); print a table, write
 * results, compare with a baseline. Exit status: 0 all correct; 1 any
 * kernel incorrect or failed; 2 bad arguments or unreadable input.
 *
 * The run itself is run-bench.ts. Started with DAWN_CHILD_ENV set, this
 * script is instead the Dawn backend's child process (dawn-child.ts).
 */
import { messageOf } from '../gpu/errors';
import { serveBuiltApp } from './app-server';
import { parseArgs, type BenchArgs } from './args';
import { runDawnChild } from './dawn-child';
import { DAWN_CHILD_ENV } from './dawn-protocol';
import { DawnSession } from './dawn-session';
import { exitStatusOf, runBench, type Backend } from './run-bench';
import { RunnerSession } from './session';
import { err } from './status';
import { viteTranspile } from './transpile';
import { USAGE } from './usage';

async function browserBackend(): Promise<Backend> {
  const app = await serveBuiltApp(process.cwd(), err);
  return { open: (status) => RunnerSession.start(app.url, status), close: () => app.close() };
}

const dawnBackend = (): Promise<Backend> => Promise.resolve({ open: (status) => DawnSession.start(status) });

async function main(): Promise<void> {
  if (process.env[DAWN_CHILD_ENV] === '1') {
    await runDawnChild();
    return;
  }
  let args: BenchArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    err(`${messageOf(e)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  process.exitCode = await exitStatusOf(() => runBench(args, args.backend === 'dawn' ? dawnBackend : browserBackend, viteTranspile));
}

void main();
