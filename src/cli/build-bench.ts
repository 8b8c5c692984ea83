/**
 * `npm run build:bench`: the single-folder runner, dist-bench/ (gitignored).
 *
 *   kernel-lab-bench.mjs        the Dawn backend and everything below it, one ES module
 *   parquet_wasm_bg.wasm        parquet-wasm's Node build reads it from beside the script (--parquet, --data)
 *   dawn/<platform>-<arch>/dawn.node   Dawn for this machine only (the webgpu package ships every platform's)
 *   dawn/package.json, LICENSE.md      the webgpu package's version (recorded in results) and licence
 *
 * Copy the folder to a machine with Node ≥ 20.19 and run
 * `node kernel-lab-bench.mjs --kernels … --json …`: no npm install, no network.
 * A machine without a system Vulkan loader takes libvulkan.so.1 in a
 * `vulkan/` folder beside the script (see dawn-session.ts).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { build, type Plugin } from 'vite';

const root = process.cwd();
const out = resolve(root, 'dist-bench');
const require = createRequire(join(root, 'package.json'));
const webgpuDir = dirname(require.resolve('webgpu/package.json'));
const parquetWasm = join(dirname(require.resolve('parquet-wasm/node/parquet_wasm_bg.wasm')), 'parquet_wasm_bg.wasm');
/** As the webgpu package names its folders: darwin's build is universal. */
const platformDir = `${process.platform}-${process.platform === 'darwin' ? 'universal' : process.arch}`;

/**
 * The webgpu package loads `dist/<platform>-<arch>/dawn.node` from beside its index.js; bundled, "beside" is the
 * script's folder, where this build puts `dawn/<platform>-<arch>/`. The one line is rewritten, and the build fails
 * if it is not there to rewrite (a new webgpu release that loads Dawn otherwise must be looked at, not guessed).
 */
function dawnFromFolder(): Plugin {
  const line = "join(__dirname, 'dist', `${process.platform}-${arch}`, 'dawn.node')";
  return {
    name: 'kernel-lab:dawn-from-folder',
    transform(code, id) {
      if (!id.startsWith(webgpuDir) || !id.endsWith('index.js')) return undefined;
      if (!code.includes(line)) throw new Error(`webgpu's index.js no longer loads Dawn with ${line}: update build-bench.ts.`);
      return code.replace(line, "join(__dirname, 'dawn', `${process.platform}-${arch}`, 'dawn.node')");
    },
  };
}

/** CommonJS inside the bundle (parquet-wasm's Node build) reads __dirname and require: the script's own. */
const BANNER = [
  "import { createRequire as __klCreateRequire } from 'node:module';",
  "import { dirname as __klDirname } from 'node:path';",
  "import { fileURLToPath as __klFileURLToPath } from 'node:url';",
  'const __filename = __klFileURLToPath(import.meta.url);',
  'const __dirname = __klDirname(__filename);',
  'const require = __klCreateRequire(import.meta.url);',
].join('\n');

async function main(): Promise<void> {
  const dawnNode = join(webgpuDir, 'dist', platformDir, 'dawn.node');
  if (!existsSync(dawnNode)) throw new Error(`The webgpu package has no Dawn for ${platformDir} (${dawnNode}).`);
  await build({
    root,
    configFile: false,
    publicDir: false,
    logLevel: 'warn',
    // As vite.config.ts: wgsl_reflect's ES module build.
    resolve: { alias: [{ find: /^wgsl_reflect$/, replacement: 'wgsl_reflect/wgsl_reflect.module.js' }] },
    ssr: { noExternal: true, target: 'node' },
    plugins: [dawnFromFolder()],
    build: {
      ssr: 'src/cli/bench-folder.ts',
      outDir: out,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      reportCompressedSize: false,
      rolldownOptions: {
        // Vite stays out: TypeScript references use Node's own type stripping here (transpile.ts).
        external: ['vite'],
        output: { entryFileNames: 'kernel-lab-bench.mjs', format: 'es', codeSplitting: false, banner: BANNER },
      },
    },
  });
  mkdirSync(join(out, 'dawn', platformDir), { recursive: true });
  copyFileSync(dawnNode, join(out, 'dawn', platformDir, 'dawn.node'));
  copyFileSync(join(webgpuDir, 'package.json'), join(out, 'dawn', 'package.json'));
  copyFileSync(join(webgpuDir, 'LICENSE.md'), join(out, 'dawn', 'LICENSE.md'));
  copyFileSync(parquetWasm, join(out, 'parquet_wasm_bg.wasm'));
  const version = (JSON.parse(readFileSync(join(webgpuDir, 'package.json'), 'utf8')) as { version: string }).version;
  writeFileSync(join(out, 'README.txt'), [
    'Kernel Lab runner, single folder (Dawn backend). Built for ' + platformDir + ' with webgpu ' + version + '.',
    'Run: node kernel-lab-bench.mjs --kernels vector/saxpy --size small --json results.json',
    'Vulkan: a system loader (libvulkan.so.1) and GPU driver, or libvulkan.so.1 in vulkan/ beside this file;',
    'pick a driver with VK_ICD_FILENAMES (or VK_DRIVER_FILES). See the repository README, "The Dawn backend".',
    '',
  ].join('\n'));
  const mb = (p: string): string => `${(statSync(p).size / 2 ** 20).toFixed(1)} MiB`;
  process.stderr.write(`dist-bench/: kernel-lab-bench.mjs (${mb(join(out, 'kernel-lab-bench.mjs'))}), dawn/${platformDir}/dawn.node (${mb(dawnNode)}), parquet_wasm_bg.wasm (${mb(parquetWasm)})\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`build:bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
