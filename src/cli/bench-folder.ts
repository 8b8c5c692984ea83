/**
 * The single-folder runner (`npm run build:bench` → dist-bench/
 * kernel-lab-bench.mjs): the Dawn backend alone, bundled with everything it
 * needs, for a GPU machine with Node and this folder only. The browser
 * backend needs the repository (it builds the app and drives Chromium), so
 * here `--backend dawn` is the default and `--backend browser` is refused.
 * Started with DAWN_CHILD_ENV set, it is its own Dawn process. Its --help is
 * its own (usage.ts), with no browser in it.
 */
import { messageOf } from '../gpu/errors';
import { parseArgs, type BenchArgs } from './args';
import { runDawnChild } from './dawn-child';
import { DAWN_CHILD_ENV } from './dawn-protocol';
import { DawnSession } from './dawn-session';
import { exitStatusOf, runBench } from './run-bench';
import { err } from './status';
import { nodeTranspile } from './transpile';
import { FOLDER_USAGE } from './usage';

async function main(): Promise<void> {
  if (process.env[DAWN_CHILD_ENV] === '1') {
    await runDawnChild();
    return;
  }
  const argv = process.argv.slice(2);
  let args: BenchArgs;
  try {
    // Dawn unless said otherwise: the folder has no browser backend.
    args = parseArgs(argv.some((a) => a === '--backend' || a.startsWith('--backend=')) ? argv : ['--backend', 'dawn', ...argv]);
  } catch (e) {
    err(`${messageOf(e)}\n\n${FOLDER_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(`${FOLDER_USAGE}\n`);
    return;
  }
  if (args.backend !== 'dawn') {
    err('This folder runs the Dawn backend only (--backend dawn, the default here): the browser backend builds the app and drives Chromium, so it runs from a checkout (npm run bench).');
    process.exitCode = 2;
    return;
  }
  process.exitCode = await exitStatusOf(() => runBench(args, () => Promise.resolve({ open: (status) => DawnSession.start(status) }), nodeTranspile));
}

void main();
