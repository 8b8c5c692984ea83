/**
 * "Training memory: data parallel, ZeRO, FSDP": the memory calculator in the
 * run column, folded until asked for (its chart loads with it, lazily).
 */
import { lazy, Suspense, useState } from 'react';

const MemoryCalculator = lazy(() => import('./MemoryCalculator').then((m) => ({ default: m.MemoryCalculator })));

export function TrainingMemoryPanel() {
  const [open, setOpen] = useState(false);
  return (
    <section className="panel training-memory" aria-label="Training memory: data parallel, ZeRO, FSDP" data-testid="training-memory">
      <h2>
        <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? '▾' : '▸'} Training memory: data parallel, ZeRO, FSDP</button>
      </h2>
      {open && (
        <Suspense fallback={<p className="muted">Loading the calculator…</p>}>
          <MemoryCalculator />
        </Suspense>
      )}
    </section>
  );
}
