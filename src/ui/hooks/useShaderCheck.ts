import { useEffect, useState } from 'react';
import { diagnoseKernel } from '../../bench/run/prepare';
import type { CompileMessage } from '../../gpu/errors';
import type { KernelSpec } from '../../kernels/spec';

const DEBOUNCE_MS = 300;

/** Compile as the user types (debounced) so errors are marked before anyone presses Run. */
export function useShaderCheck(device: GPUDevice | undefined, spec: KernelSpec, source: string | undefined): readonly CompileMessage[] {
  const [messages, setMessages] = useState<readonly CompileMessage[]>([]);
  useEffect(() => {
    if (!device || source === undefined) return;
    let live = true;
    const timer = setTimeout(() => {
      diagnoseKernel(device, spec, source).then(
        (m) => live && setMessages(m),
        () => live && setMessages([]),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [device, spec, source]);
  return messages;
}
