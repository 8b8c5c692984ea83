/**
 * WGSL source to compute pipelines, with the compiler's messages kept as data
 * (line, column, length) so the editor can place them. Compiled kernels are
 * cached per device in a WeakMap: a lost or destroyed device takes its
 * pipelines with it, and nothing GPU-side is global.
 */
import { CompileError, type CompileMessage, messageOf } from './errors';
import { exclusiveScopes, withErrorScopes } from './scopes';

export interface LayoutEntry {
  readonly binding: number;
  readonly type: GPUBufferBindingType;
}

export interface PipelineRequest {
  readonly label: string;
  readonly source: string;
  readonly entryPoints: readonly string[];
  /** Values for the shader's `override` declarations; only names the shader declares. */
  readonly constants: Readonly<Record<string, number>>;
  /** One explicit layout shared by every entry point (group 0). */
  readonly layout: readonly LayoutEntry[];
}

export interface CompiledKernel {
  readonly key: string;
  readonly label: string;
  readonly layout: GPUBindGroupLayout;
  readonly pipelines: ReadonlyMap<string, GPUComputePipeline>;
  /** Warnings and notes from a successful compile. */
  readonly messages: readonly CompileMessage[];
}

const caches = new WeakMap<GPUDevice, Map<string, Promise<CompiledKernel>>>();

export function pipelineKey(req: PipelineRequest): string {
  return JSON.stringify([req.source, req.entryPoints, Object.entries(req.constants).sort(), req.layout]);
}

/** Compile (or reuse) a kernel. Rejects with CompileError carrying the compiler's messages. */
export function compileKernel(device: GPUDevice, req: PipelineRequest): Promise<CompiledKernel> {
  let cache = caches.get(device);
  if (!cache) {
    cache = new Map();
    caches.set(device, cache);
  }
  const key = pipelineKey(req);
  const hit = cache.get(key);
  if (hit) return hit;
  const made = build(device, req, key);
  cache.set(key, made);
  made.catch(() => cache.delete(key));
  return made;
}

/** Only shader compilation: the messages, for marking the editor as the user types. */
export async function checkShader(device: GPUDevice, source: string): Promise<CompileMessage[]> {
  return (await compileModule(device, 'kernel-lab check', source)).messages;
}

/** The module and its messages; the error scope keeps Dawn from printing them to stderr. */
async function compileModule(device: GPUDevice, label: string, code: string) {
  const { module, info, scopeError } = await exclusiveScopes(device, async () => {
    device.pushErrorScope('validation');
    const m = device.createShaderModule({ label, code });
    const i = await m.getCompilationInfo();
    return { module: m, info: i, scopeError: await device.popErrorScope() };
  });
  const messages: CompileMessage[] = info.messages.map((m) => ({
    type: m.type,
    line: m.lineNum,
    column: m.linePos,
    length: m.length,
    message: m.message,
  }));
  return { module, messages, scopeError };
}

async function build(device: GPUDevice, req: PipelineRequest, key: string): Promise<CompiledKernel> {
  const { module, messages, scopeError } = await compileModule(device, `${req.label} module`, req.source);
  if (messages.some((m) => m.type === 'error')) throw new CompileError(messages);
  if (scopeError) throw new CompileError([{ type: 'error', line: 0, column: 0, length: 0, message: scopeError.message }]);

  const layout = await withErrorScopes(device, `the bind group layout of ${req.label}`, () =>
    device.createBindGroupLayout({
      label: `${req.label} layout`,
      entries: req.layout.map((e) => ({ binding: e.binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: e.type } })),
    }),
  );
  const pipelineLayout = device.createPipelineLayout({ label: `${req.label} pipeline layout`, bindGroupLayouts: [layout] });
  const pipelines = new Map<string, GPUComputePipeline>();
  for (const entryPoint of req.entryPoints) {
    try {
      const pipeline = await device.createComputePipelineAsync({
        label: `${req.label}:${entryPoint}`,
        layout: pipelineLayout,
        compute: { module, entryPoint, constants: { ...req.constants } },
      });
      pipelines.set(entryPoint, pipeline);
    } catch (e) {
      const text = messageOf(e);
      throw new CompileError([{ type: 'error', line: 0, column: 0, length: 0, message: `entry point ${entryPoint}: ${text.trim()}` }], 'pipeline');
    }
  }
  return { key, label: req.label, layout, pipelines, messages };
}
