import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputFiles, prepareOutputFolders, writeOutputFiles } from './output-files';

const env = { host: 'gpu-07', adapter: 'nvidia hopper', backend: 'dawn' as const };
const at = new Date('2026-12-01T14:25:30Z');

describe('result files', () => {
  it('names each requested file for this machine and the run\'s start', () => {
    expect(outputFiles({ json: 'out/{host}-{adapter}.json', arrow: 'a-{date}T{time}.arrow' }, env, at)).toEqual([
      { format: 'json', path: 'out/gpu-07-nvidia-hopper.json' },
      { format: 'arrow', path: 'a-2026-12-01T142530.arrow' },
    ]);
  });

  it('makes missing folders before measuring, and names each folder it cannot make', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kernel-lab-out-'));
    const files = outputFiles({ json: join(dir, 'a/b/{host}.json'), csv: join(dir, 'c/{host}.csv') }, env, at);
    await prepareOutputFolders(files);
    expect(await writeOutputFiles(files, (f) => f, () => undefined)).toEqual([]);
    expect(readFileSync(join(dir, 'a/b/gpu-07.json'), 'utf8')).toBe('json');
    expect(readFileSync(join(dir, 'c/gpu-07.csv'), 'utf8')).toBe('csv');

    writeFileSync(join(dir, 'plain'), 'a file, not a folder');
    const blocked = outputFiles({ json: join(dir, 'ok/r.json'), parquet: join(dir, 'plain/sub/r.parquet') }, env, at);
    await expect(prepareOutputFolders(blocked)).rejects.toThrow(new RegExp(`^--parquet ${dir}/plain/sub/r.parquet: cannot make or write in the folder ${dir}/plain/sub: .*\\nNothing was measured.$`));
  });

  it('writes every file even when one cannot be written, and names each that was not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kernel-lab-out-'));
    writeFileSync(join(dir, 'plain'), 'a file, not a folder');
    const files = outputFiles({ json: join(dir, 'j/r.json'), csv: join(dir, 'plain/r.csv'), parquet: join(dir, 'p/r.parquet'), arrow: join(dir, 'q/r.arrow') }, env, at);
    const said: string[] = [];
    const failures = await writeOutputFiles(files, (format) => {
      if (format === 'parquet') throw new Error('encoder broke');
      return `${format} bytes`;
    }, (line) => said.push(line));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(new RegExp(`^Cannot write ${dir}/plain/r.csv \\(--csv\\): `));
    expect(failures[1]).toBe(`Cannot write ${dir}/p/r.parquet (--parquet): encoder broke`);
    // The files after a failure are still written.
    expect(readFileSync(join(dir, 'q/r.arrow'), 'utf8')).toBe('arrow bytes');
    expect(said).toEqual([`Wrote ${dir}/j/r.json`, `Wrote ${dir}/q/r.arrow`]);
  });
});
