/**
 * The Worker that computes float64 references off the page's main thread (see
 * run/reference.ts). Library references are found by id; a custom kernel's
 * reference is loaded from its module text, once per distinct text.
 */
import { KernelLabError, messageOf } from '../../gpu/errors';
import { findKernel } from '../../kernels/library';
import { loadReferenceModule } from '../../kernels/reference-module';
import type { Reference } from '../../kernels/spec';
import { outputBuffers, type ReferenceReply, type ReferenceRequest, type ReferenceSource } from './reference';

const modules = new Map<string, Promise<Reference>>();

async function referenceOf(source: ReferenceSource): Promise<Reference> {
  if ('library' in source) {
    const reference = findKernel(source.library)?.reference;
    if (!reference) throw new KernelLabError('spec', `No library kernel ${source.library} with a reference.`);
    return reference;
  }
  let loaded = modules.get(source.module);
  if (!loaded) {
    loaded = loadReferenceModule(source.module, source.file);
    modules.set(source.module, loaded);
    loaded.catch(() => modules.delete(source.module));
  }
  return loaded;
}

self.addEventListener('message', async (e: MessageEvent<ReferenceRequest>) => {
  const { id, source, inputs, params, constants, probe } = e.data;
  let reply: ReferenceReply;
  try {
    const reference = await referenceOf(source);
    const outputs = probe ? {} : reference(inputs, params, constants);
    reply = { id, ok: true, outputs };
  } catch (err) {
    reply = { id, ok: false, kind: err instanceof KernelLabError ? err.kind : 'error', message: messageOf(err) };
  }
  self.postMessage(reply, { transfer: reply.ok ? outputBuffers(reply.outputs) : [] });
});
