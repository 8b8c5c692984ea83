import { describe, expect, it } from 'vitest';
import { BROWSER_ONLY_OPTIONS, OPTION_NAMES } from './args';
import { FOLDER_USAGE, USAGE } from './usage';

/** The options a usage text lists, one per line that starts with two spaces and --. */
const listed = (text: string): string[] => [...text.matchAll(/^ {2}--([a-z-]+)/gm)].map((m) => m[1]!);

describe('the runner\'s --help', () => {
  it('lists every option of npm run bench once', () => {
    expect(listed(USAGE).sort()).toEqual([...OPTION_NAMES].sort());
  });

  it('gives the single folder a text of its own: Dawn only, no browser, no option it refuses', () => {
    const folderOptions = OPTION_NAMES.filter((o) => !BROWSER_ONLY_OPTIONS.includes(o));
    expect(listed(FOLDER_USAGE).sort()).toEqual([...folderOptions].sort());
    expect(FOLDER_USAGE).toMatch(/^Usage: node kernel-lab-bench\.mjs \[options\]\n\nRuns kernels on Dawn/);
    for (const said of ['Chromium', 'browser (default)', 'the browser is restarted', 'npm run bench -- [options]']) expect(FOLDER_USAGE).not.toContain(said);
    expect(FOLDER_USAGE).toContain('so the Dawn process is killed, a new one started');
    // What it refuses is said once, in a sentence, with where to run it.
    expect(FOLDER_USAGE).toContain('--peers, --suite, --simulate and --notebook run in the browser: run them from a\ncheckout of Kernel Lab (npm run bench), not from this folder.');
  });
});
