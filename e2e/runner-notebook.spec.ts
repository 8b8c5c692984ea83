/**
 * `npm run bench -- --notebook <file.md>`, as a teacher runs it before a
 * workshop: a shipped lesson runs every cell and exits 0; a lesson with a
 * wrong kernel, an exercise that already passes, or a missing sample exits 1
 * naming each; a lesson with a mistake in its format exits 2 naming the line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const dir = mkdtempSync(join(tmpdir(), 'kernel-lab-notebook-'));
const F = '```';
const SAXPY = readFileSync('shaders/vector/saxpy.wgsl', 'utf8');

function bench(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', ['run', '--silent', 'bench', '--', ...args], { encoding: 'utf8', timeout: 280_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test.describe.configure({ timeout: 300_000 });

test('a shipped lesson runs every cell on the small preset and exits 0', () => {
  const r = bench('--notebook', 'notebooks/05-fusion.md', '--size', 'small');
  expect(r.stderr).not.toMatch(/page error/);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('Lesson 05-fusion (notebooks/05-fusion.md): Fusion: trade logic for bandwidth');
  expect(r.stdout).toMatch(/✓ run softmax \(line \d+\): 6 runs, all correct/);
  expect(r.stdout).toMatch(/✓ chart softmax-time \(line \d+\): 6 points in 2 series\./);
  expect(r.stdout).toMatch(/✓ exercise rescale \(line \d+\): untouched: Not yet: error [\d.]+e[-+]\d+ against a tolerance of [\d.e-]+\. Solution: Pass: /);
  expect(r.stdout).toMatch(/4 cells: 4 ok\./);
});

test('a wrong kernel, an exercise that already passes and a missing sample exit 1, each named', () => {
  const file = join(dir, 'faulty.md');
  writeFileSync(file, [
    '# Faulty',
    '',
    `${F}kernel wrong spec=vector/saxpy params="N=300, a=2"`,
    SAXPY.replace('out[i] = params.a * x[i] + y[i];', 'out[i] = params.a * x[i];'),
    F,
    '',
    `${F}exercise easy spec=vector/saxpy params="N=300, a=2"`,
    SAXPY,
    F,
    '',
    `${F}solution easy`,
    SAXPY,
    F,
    '',
    `${F}data gone`,
    'file: nowhere.parquet',
    F,
    '',
  ].join('\n'));
  const r = bench('--notebook', file, '--size', 'small');
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/✗ kernel wrong \(line 3\): FAILED: N=300 a=2: INCORRECT \(error/);
  expect(r.stdout).toMatch(/✗ exercise easy \(line \d+\): FAILED: the untouched exercise already passes its check/);
  expect(r.stdout).toMatch(/⚠ data gone \(line \d+\): ERROR: nowhere\.parquet: not among the samples in public\/data \(vectors\.parquet, vectors\.arrow, vectors\.csv[^)]*\)\./);
  expect(r.stdout).toContain('3 cells: 0 ok, 3 not.');
});

test('a lesson with mistakes in its format exits 2, each named at its line, before any browser starts', () => {
  const file = join(dir, 'broken.md');
  writeFileSync(file, `# Broken\n\n${F}kernel k spec=matmul/nope\n${F}\n\n${F}chart c\nfrom: nothing\n${F}\n`);
  const r = bench('--notebook', file);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(`${file} line 3: the kernel cell k: no kernel "matmul/nope" in the library`);
  expect(r.stderr).toContain(`${file} line 7: the chart cell c: from: "nothing" is not a run cell above it`);
  expect(r.stderr).not.toContain('Building the app');
  expect(bench('--notebook', join(dir, 'absent.md')).stderr).toMatch(/Cannot read the lesson .*absent\.md/);
});
