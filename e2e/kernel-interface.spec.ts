/**
 * Every kernel-interface case (src/test/interface-cases) through the headless
 * runner, as a user runs their own kernel: `npm run bench -- --kernel-file
 * <case>.wgsl --size small <args>`, once per run of its expected.json. Each
 * run must exit as expected, and its stdout and stderr together must say
 * what expected.json says. No page is opened here; the runner opens its own.
 */
import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { readInterfaceCases, runLabel } from '../src/test/interface-case-files';

function bench(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', ['run', '--silent', 'bench', '--', ...args], { encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The features the runner's browser reported, from its "Device: …; features: …" line. */
function deviceFeatures(stderr: string): string[] {
  const m = /^Device: .*; features: (.*)$/m.exec(stderr);
  return m ? m[1]!.split(',').map((f) => f.trim()) : [];
}

test.describe.configure({ timeout: 300_000 });

for (const c of readInterfaceCases()) {
  test.describe(c.folder, () => {
    for (const run of c.runs) {
      test(runLabel(run), () => {
        const r = bench(['--kernel-file', c.wgsl, '--size', 'small', ...run.args]);
        const said = `${r.stdout}\n${r.stderr}`;
        // A run that needs a feature the device has is not skipped: it must pass.
        const featurePresent = run.needs !== undefined && deviceFeatures(r.stderr).includes(run.needs);
        expect(r.status, `${c.why}\n${said}`).toBe(featurePresent ? 0 : run.exit);
        if (run.exit === 2) {
          expect(r.stderr, 'a sidecar mistake is found before any browser starts').not.toContain('Device: ');
        } else {
          expect(r.stderr).toContain('Device: ');
        }
        if (featurePresent) {
          expect(r.stdout).toMatch(/(^|\s)correct(\s|$)/m);
          return;
        }
        if (run.verdict === 'correct' && c.hasReference) expect(r.stdout).toMatch(/(^|\s)correct(\s|$)/m);
        if (run.verdict === 'skipped') expect(r.stdout).toContain('skipped');
        for (const s of run.says) expect.soft(said, `says "${s}"`).toContain(s);
      });
    }
  });
}
