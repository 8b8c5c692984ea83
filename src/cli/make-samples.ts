/**
 * `npm run samples`: writes the sample datasets the data panel offers into
 * public/data/ (the same table as Parquet, Arrow IPC and CSV; see
 * src/data/samples.ts; and the sample serving trace as CSV and Parquet, see
 * src/kv/trace-sample.ts) and their list, public/data/index.json. The files
 * are committed; run this again only after changing samples.ts or
 * trace-sample.ts. Each stays well under 1 MB.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as parquet from 'parquet-wasm';
import { formatBytes } from '../gpu/format';
import { sampleFiles } from '../data/samples';
import { traceSampleFiles } from '../kv/trace-sample';

const DIR = join(process.cwd(), 'public', 'data');

async function main(): Promise<void> {
  await mkdir(DIR, { recursive: true });
  const files = [...sampleFiles(parquet as never), ...traceSampleFiles(parquet as never)];
  for (const f of files) {
    await writeFile(join(DIR, f.name), f.bytes);
    process.stderr.write(`Wrote public/data/${f.name} (${formatBytes(f.bytes.length)})\n`);
  }
  const index = files.map(({ name, bytes, about }) => ({ name, bytes: bytes.length, about }));
  await writeFile(join(DIR, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  process.stderr.write('Wrote public/data/index.json\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
