/**
 * The project's layering (README, Layout), enforced: imports point down only, nothing
 * below src/ui touches React, charts or the editor, test helpers stay out of
 * shipped code, and there are no import cycles.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname);
/**
 * Rank of each layer. A module may import its own layer or lower ranks only;
 * layers of equal rank (the page UI and the runner's page harness) are siblings
 * and do not import each other. `entry` is src/main.tsx, which picks between them.
 */
const RANK: Readonly<Record<string, number>> = { gpu: 0, data: 1, kv: 2, teach: 2, kernels: 3, bench: 4, store: 5, share: 6, notebooks: 7, ui: 8, runner: 8, cli: 9, entry: 10 };
const UI_PACKAGES = /^(react|react-dom|recharts|monaco-editor|virtual:pwa-register)(\/|$)/;
const MAY_USE_UI = new Set(['ui', 'entry']);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

const files = walk(SRC);
const isTest = (f: string): boolean => /\.test\.tsx?$/.test(f) || relative(SRC, f).startsWith('test/');
const layerOf = (f: string): string => {
  const parts = relative(SRC, f).split('/');
  return parts.length === 1 ? 'entry' : (parts[0] ?? '');
};

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)];
  return specs.map((m) => m[1] ?? m[2] ?? m[3] ?? '').filter(Boolean);
}

function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec.replace(/\?.*$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (files.includes(candidate)) return candidate;
  }
  return undefined;
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe('architecture', () => {
  it('keeps React, charts and the editor inside src/ui', () => {
    const leaks = files
      .filter((f) => !MAY_USE_UI.has(layerOf(f)) && !isTest(f))
      .flatMap((f) => (graph.get(f) ?? []).filter((s) => UI_PACKAGES.test(s)).map((s) => `${relative(SRC, f)} imports ${s}`));
    expect(leaks).toEqual([]);
  });

  it('points imports down the layers only', () => {
    const upward: string[] = [];
    for (const f of files.filter((x) => !isTest(x))) {
      const from = layerOf(f);
      for (const s of graph.get(f) ?? []) {
        const target = resolveLocal(f, s);
        if (!target) continue;
        if (isTest(target)) upward.push(`${relative(SRC, f)} imports test code ${s}`);
        const to = layerOf(target);
        const ok = to === from || (RANK[to] ?? 99) < (RANK[from] ?? -1);
        if (!ok) upward.push(`${relative(SRC, f)} (${from}) imports ${s} (${to})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(SRC, p)).join(' → '));
        return;
      }
      state.set(f, 'visiting');
      for (const s of graph.get(f) ?? []) {
        const t = resolveLocal(f, s);
        if (t) visit(t, [...path, f]);
      }
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('knows every layer it finds', () => {
    expect(files.filter((f) => !isTest(f) && RANK[layerOf(f)] === undefined).map((f) => relative(SRC, f))).toEqual([]);
  });

  it('finds the layers it checks', () => {
    expect(files.length).toBeGreaterThan(20);
    for (const layer of ['gpu', 'kernels', 'bench']) expect(files.some((f) => layerOf(f) === layer)).toBe(true);
  });
});
