/**
 * Seeded inputs, so any run can be reproduced from the seed in its record.
 * mulberry32: tiny, fast, and good enough for test data (not for anything else).
 */
import type { ElementType, HostArray, InputInit } from './spec';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh 32-bit seed, different on each call. */
export function freshSeed(): number {
  return (Math.random() * 0x1_0000_0000) >>> 0;
}

export function allocate(type: ElementType, length: number): HostArray {
  switch (type) {
    case 'f32': return new Float32Array(length);
    case 'u32': return new Uint32Array(length);
    case 'i32': return new Int32Array(length);
  }
}

/**
 * Fill a host array. Each buffer gets its own stream (seed mixed with `salt`),
 * so adding a buffer to a spec does not change the others' data.
 */
export function makeInput(type: ElementType, length: number, init: InputInit, seed: number, salt: number): HostArray {
  const out = allocate(type, length);
  switch (init.kind) {
    case 'fill':
      out.fill(init.value);
      return out;
    case 'iota':
      for (let i = 0; i < length; i++) out[i] = i;
      return out;
    case 'random': {
      const next = mulberry32((seed ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0);
      const span = init.max - init.min;
      if (type === 'f32') {
        for (let i = 0; i < length; i++) out[i] = init.min + span * next();
      } else {
        for (let i = 0; i < length; i++) out[i] = Math.floor(init.min + (span + 1) * next());
      }
      return out;
    }
  }
}

/** Bit patterns that no correct kernel leaves behind: NaN for floats, all-ones for integers. */
export function poisoned(type: ElementType, length: number): HostArray {
  const out = allocate(type, length);
  if (type === 'f32') out.fill(Number.NaN);
  else new Uint32Array(out.buffer).fill(0xffffffff);
  return out;
}
