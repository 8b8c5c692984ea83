import { byFamily } from '../kernels/library';
import { missingFeatures, type KernelSpec } from '../kernels/spec';

export function KernelLibrary({ kernels, selected, edited, features, onSelect }: {
  kernels: readonly KernelSpec[];
  selected: string;
  edited: ReadonlySet<string>;
  /** The device's features, when there is a device: kernels needing others are marked. */
  features: { has(f: string): boolean } | undefined;
  onSelect: (id: string) => void;
}) {
  return (
    <nav className="panel library" aria-label="Kernel library">
      <h2>Library</h2>
      {[...byFamily(kernels)].map(([family, list]) => (
        <div key={family} className="family">
          <h3>{family}</h3>
          <ul>
            {list.map((k) => (
              <li key={k.id}>
                <button
                  type="button"
                  className={k.id === selected ? 'kernel selected' : 'kernel'}
                  aria-current={k.id === selected ? 'true' : undefined}
                  onClick={() => onSelect(k.id)}
                  title={k.summary}
                  data-kernel={k.id}
                >
                  <span className="kernel-id">{k.id}</span>
                  {edited.has(k.id) && <span className="badge" title="you have edited this kernel">edited</span>}
                  {features && missingFeatures(k, features).length > 0 && (
                    <span className="badge unavailable" title="this device cannot run it">needs {missingFeatures(k, features).join(', ')}</span>
                  )}
                  <span className="kernel-title">{k.title}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
