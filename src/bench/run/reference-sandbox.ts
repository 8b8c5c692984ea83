/**
 * Where a reference someone else wrote runs (a shared link's, a results
 * file's): a Worker started inside a sandboxed iframe (`sandbox="allow-scripts"`,
 * no `allow-same-origin`), so its origin is opaque. It cannot open the page's
 * IndexedDB, caches or cookies, and the frame's Content-Security-Policy
 * (`default-src 'none'`, inherited by its blob: Worker) forbids fetch,
 * XHR, WebSockets and imports from anywhere but blob: URLs. It sees only the
 * inputs it is sent and answers with numbers, which the page checks again
 * (toOutput). The page's own reference Worker (reference-worker-entry.ts)
 * shares the page's origin and storage, so it is kept for library references
 * and the user's own.
 *
 * The script inside is plain JavaScript text: nothing from the page's bundle
 * reaches the sandbox (a module Worker there could not import the bundle's
 * chunks from the page's origin anyway).
 */
import { CancelledError, KernelLabError } from '../../gpu/errors';
import { syntaxErrorPlace, toOutput } from '../../kernels/reference-module';
import { pendingReply, type ReferenceCompute, type ReferenceOutputs, type WorkerReference } from './reference';

/** Runs inside the sandbox's (classic) Worker: load the module from a blob: URL with import(), call it, answer with Float64Arrays. A module Worker from a blob: URL does not start in an opaque origin. */
const WORKER_SCRIPT = String.raw`
const modules = new Map();
function placeIn(error, url) {
  const stack = (error && error.stack) || '';
  const at = stack.indexOf(url);
  if (at < 0) return '';
  const m = /^:(\d+):(\d+)/.exec(stack.slice(at + url.length));
  return m ? ', line ' + m[1] + ', column ' + m[2] : '';
}
async function load(code, file) {
  let entry = modules.get(code);
  if (!entry) {
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    entry = import(url).then(
      (mod) => ({ url, fn: mod.default || mod.reference }),
      (e) => { modules.delete(code); throw { syntax: e instanceof SyntaxError, message: file + placeIn(e, url) + ' does not load: ' + (e && e.message || String(e)) }; });
    modules.set(code, entry);
  }
  const { url, fn } = await entry;
  if (typeof fn !== 'function') throw { message: file + ' must export a function (default export or ` + '`reference`' + String.raw`).' };
  return { url, fn };
}
function float64(v) {
  if (v && typeof v === 'object' && 'values' in v && 'terms' in v) return { values: Float64Array.from(v.values), terms: Float64Array.from(v.terms) };
  return v && typeof v.length === 'number' ? Float64Array.from(v) : v;
}
self.onmessage = async (e) => {
  const { id, probe, module, file, inputs, params, constants } = e.data;
  try {
    const { url, fn } = await load(module, file);
    if (probe) return self.postMessage({ id, ok: true, outputs: {} });
    let out;
    try {
      out = fn(inputs, params, constants);
    } catch (err) {
      throw { message: file + placeIn(err, url) + ': the reference threw ' + (err instanceof Error ? err.name + ': ' + err.message : String(err)) };
    }
    if (typeof out !== 'object' || out === null) throw { message: file + ': the reference returned ' + String(out) + ', not an object of outputs.' };
    const outputs = {};
    for (const [k, v] of Object.entries(out)) outputs[k] = float64(v);
    self.postMessage({ id, ok: true, outputs });
  } catch (err) {
    self.postMessage({ id, ok: false, syntax: Boolean(err && err.syntax), message: err && typeof err.message === 'string' ? err.message : String(err) });
  }
};
`;

/** The sandbox page: its policy, and a relay between the page and the Worker it starts. */
const FRAME_HTML = `<!doctype html>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' blob:; worker-src blob:">
<script>
const worker = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(WORKER_SCRIPT)}], { type: 'text/javascript' })));
worker.onmessage = (e) => parent.postMessage(e.data, '*');
worker.onerror = (e) => parent.postMessage({ id: 0, ok: false, message: 'the sandbox worker failed: ' + (e.message || 'it did not start') }, '*');
addEventListener('message', (e) => { if (e.source === parent) worker.postMessage(e.data); });
parent.postMessage({ ready: true }, '*');
</script>`;

interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly ready?: boolean;
  readonly outputs?: Record<string, unknown>;
  readonly message?: string;
  readonly syntax?: boolean;
}

/**
 * References in the sandbox: `spec.referenceModule` is the module text. The
 * sandbox starts on first use; cancelling removes it (the only way to stop a
 * loop), and the next call starts a new one. Outputs are checked as numbers
 * on the way back. `probe` loads a module there to report its errors.
 */
export function referenceInSandbox(doc: Document = document): WorkerReference {
  let frame: { element: HTMLIFrameElement; ready: Promise<Window>; listener: (e: MessageEvent<Reply>) => void } | undefined;
  let next = 1;
  const pending = new Map<number, { resolve: (o: ReferenceOutputs) => void; reject: (e: Error) => void; module: string; file: string }>();

  const stop = (why: Error): void => {
    if (frame) doc.defaultView?.removeEventListener('message', frame.listener);
    frame?.element.remove();
    frame = undefined;
    for (const p of pending.values()) p.reject(why);
    pending.clear();
  };
  const start = (): NonNullable<typeof frame> => {
    // The rule reads JSX and createElement calls; the sandbox is set on the next line (allow-scripts only).
    // oxlint-disable-next-line react/iframe-missing-sandbox
    const element = doc.createElement('iframe');
    element.sandbox.add('allow-scripts');
    element.setAttribute('aria-hidden', 'true');
    element.tabIndex = -1;
    element.title = 'reference sandbox';
    element.style.display = 'none';
    let listener: (e: MessageEvent<Reply>) => void = () => undefined;
    const ready = new Promise<Window>((resolve) => {
      const onMessage = (e: MessageEvent<Reply>): void => {
        // Only the frame made here speaks for the sandbox.
        if (!frame || e.source !== element.contentWindow) return;
        const r = e.data;
        if (r.ready) {
          resolve(element.contentWindow!);
          return;
        }
        const p = pending.get(r.id);
        if (!p) {
          if (r.id === 0) stop(new KernelLabError('spec', `The reference sandbox failed: ${String(r.message)}`));
          return;
        }
        pending.delete(r.id);
        if (r.ok) {
          try {
            p.resolve(Object.fromEntries(Object.entries(r.outputs ?? {}).map(([k, v]) => [k, toOutput(v as never, k, p.file)])));
          } catch (err) {
            p.reject(err instanceof Error ? err : new Error(String(err)));
          }
          return;
        }
        const message = String(r.message);
        if (!r.syntax) {
          p.reject(new KernelLabError('spec', message));
          return;
        }
        // The browser names no line for a module's syntax error: acorn finds it, parsing only.
        void syntaxErrorPlace(p.module).then((place) =>
          p.reject(new KernelLabError('spec', place ? message.replace(`${p.file} does not load`, `${p.file}, ${place} does not load`) : message)),
        );
      };
      listener = onMessage;
      doc.defaultView?.addEventListener('message', onMessage);
    });
    element.srcdoc = FRAME_HTML;
    doc.body.append(element);
    return { element, ready, listener };
  };

  const ask = (request: { probe?: boolean; module: string; file: string; inputs: unknown; params: unknown; constants: unknown }, signal?: AbortSignal): Promise<ReferenceOutputs> => {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    frame ??= start();
    const current = frame;
    const id = next++;
    return pendingReply<ReferenceOutputs>(signal, () => stop(new CancelledError()), (resolve, reject) => {
      pending.set(id, { resolve, reject, module: request.module, file: request.file });
      // Copies, not transfers: the run keeps its inputs for the buffer view.
      void current.ready.then((w) => w.postMessage({ id, ...request }, '*'));
    });
  };

  const compute: ReferenceCompute = (spec, inputs, params, constants, signal) => {
    if (spec.referenceModule === undefined) return Promise.reject(new KernelLabError('spec', `${spec.id} has no reference module for the sandbox.`));
    return ask({ module: spec.referenceModule, file: spec.referenceFile ?? `${spec.id} reference`, inputs, params, constants }, signal);
  };
  const probe = async (module: string, file: string): Promise<void> => {
    await ask({ probe: true, module, file, inputs: {}, params: {}, constants: {} });
  };
  return Object.assign(compute, { probe });
}
