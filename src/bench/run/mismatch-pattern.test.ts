import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../kernels/random';
import { describeLines, mismatchPattern, ordinal, reportPattern, type Matrix } from './mismatch-pattern';
import { BEYOND, NON_FINITE, OK, PADDING } from './mismatches';

/** The status of n values, wrong where `wrong` says (NaN for every third wrong one), padding where `pad` says. */
function statusOf(n: number, wrong: (i: number) => boolean, pad: (i: number) => boolean = () => false) {
  const status = new Uint8Array(n);
  const indices: number[] = [];
  for (let i = 0; i < n; i++) {
    if (pad(i)) status[i] = PADDING;
    else if (wrong(i)) {
      status[i] = indices.length % 3 === 2 ? NON_FINITE : BEYOND;
      indices.push(i);
    } else status[i] = OK;
  }
  return { status, indices: Int32Array.from(indices) };
}

/** Matrices of awkward sizes, some with a header before row 0 and a tail after the last row. */
const MATRICES: readonly (Matrix & { readonly n: number })[] = [
  { rows: 37, columns: 37, offset: 0, n: 37 * 37 },
  { rows: 5, columns: 3, offset: 0, n: 15 },
  { rows: 64, columns: 17, offset: 2, n: 2 + 64 * 17 + 3 },
  { rows: 33, columns: 100, offset: 0, n: 3300 },
  { rows: 2, columns: 2, offset: 0, n: 4 },
];

const at = (m: Matrix, r: number, c: number): number => m.offset + r * m.columns + c;
const rowOf = (m: Matrix, i: number): number => Math.floor((i - m.offset) / m.columns);
const colOf = (m: Matrix, i: number): number => (i - m.offset) % m.columns;
const inside = (m: Matrix, i: number): boolean => i >= m.offset && i < m.offset + m.rows * m.columns;

describe('the pattern of the mismatches', () => {
  it('says none and all', () => {
    for (const m of MATRICES) {
      const none = statusOf(m.n, () => false);
      expect(mismatchPattern(none.status, none.indices, m)).toEqual({ kind: 'none' });
      const all = statusOf(m.n, () => true);
      expect(mismatchPattern(all.status, all.indices, m)).toEqual({ kind: 'all' });
    }
    expect(reportPattern(new Uint8Array(3), new Int32Array(0)).sentence).toBe('No element is beyond the tolerance.');
  });

  it('finds a single element with its row and column', () => {
    const m = MATRICES[0]!;
    const s = statusOf(m.n, (i) => i === at(m, 20, 5));
    expect(reportPattern(s.status, s.indices, m)).toEqual({ pattern: { kind: 'single', index: 745 }, sentence: 'One element is wrong: index 745 (row 20, column 5).' });
  });

  it('finds one whole row wrong, at every size, in every row', () => {
    for (const m of MATRICES) {
      for (let r = 0; r < m.rows; r += Math.max(1, Math.floor(m.rows / 7))) {
        const s = statusOf(m.n, (i) => inside(m, i) && rowOf(m, i) === r);
        expect(mismatchPattern(s.status, s.indices, m)).toEqual({ kind: 'lines', rows: { lines: [r] } });
      }
    }
    const m = MATRICES[0]!;
    const s = statusOf(m.n, (i) => rowOf(m, i) === 5);
    expect(reportPattern(s.status, s.indices, m).sentence).toBe('Whole rows are wrong: row 5; nothing else is (37 elements).');
  });

  it('finds whole columns, and every k-th column', () => {
    for (const m of MATRICES.filter((x) => x.columns >= 3)) {
      const c = m.columns - 2;
      const one = statusOf(m.n, (i) => inside(m, i) && colOf(m, i) === c);
      expect(mismatchPattern(one.status, one.indices, m)).toEqual({ kind: 'lines', columns: { lines: [c] } });
    }
    const m = MATRICES[3]!;
    const s = statusOf(m.n, (i) => colOf(m, i) % 8 === 7);
    const p = reportPattern(s.status, s.indices, m);
    expect(p.pattern).toEqual({ kind: 'lines', columns: { lines: [7, 15, 23, 31, 39, 47, 55, 63, 71, 79, 87, 95], stride: { step: 8, from: 7 } } });
    expect(p.sentence).toBe("Whole columns are wrong: the last column of every 8 columns (columns ≡ 7 mod 8: a tile's edge); nothing else is (396 elements).");
  });

  it("finds a tile's edge: the last row and column of every tile, for tiles that do not divide the size", () => {
    for (const tile of [2, 4, 8, 16]) {
      for (const m of MATRICES.filter((x) => x.rows >= 2 * tile)) {
        const s = statusOf(m.n, (i) => inside(m, i) && (rowOf(m, i) % tile === tile - 1 || colOf(m, i) % tile === tile - 1));
        const edges = (size: number): number[] => Array.from({ length: Math.floor(size / tile) }, (_, k) => k * tile + tile - 1);
        // Two lines make a stride only for tiles of 4 or more.
        const lines = (size: number) => ({ lines: edges(size), ...(edges(size).length >= 3 || (edges(size).length === 2 && tile >= 4) ? { stride: { step: tile, from: tile - 1 } } : {}) });
        expect(mismatchPattern(s.status, s.indices, m)).toEqual({ kind: 'lines', rows: lines(m.rows), ...(m.columns >= tile ? { columns: lines(m.columns) } : {}) });
      }
    }
    const m = MATRICES[0]!;
    const s = statusOf(m.n, (i) => rowOf(m, i) % 16 === 15);
    expect(reportPattern(s.status, s.indices, m).sentence).toBe("Whole rows are wrong: the last row of every 16 rows (rows ≡ 15 mod 16: a tile's edge); nothing else is (74 elements).");
  });

  it('finds a tail: everything from an index on (a dispatch that stops short)', () => {
    const rand = mulberry32(3);
    for (const n of [2, 3, 37, 1000, 4097]) {
      for (let t = 0; t < 5; t++) {
        const from = 1 + Math.floor(rand() * (n - 1));
        const s = statusOf(n, (i) => i >= from);
        expect(mismatchPattern(s.status, s.indices)).toEqual(n - from === 1 ? { kind: 'single', index: from } : { kind: 'range', from, to: n - 1, tail: true });
      }
    }
    // In a matrix, a tail that starts mid-row; one that starts at a row is whole rows.
    const m = MATRICES[0]!;
    const mid = statusOf(m.n, (i) => i >= at(m, 30, 4));
    expect(reportPattern(mid.status, mid.indices, m).sentence).toBe('Everything from index 1114 (row 30, column 4) on is wrong (255 elements), and nothing before it.');
    const rows = statusOf(m.n, (i) => i >= at(m, 32, 0));
    expect(reportPattern(rows.status, rows.indices, m).sentence).toBe('Whole rows are wrong: rows 32–36 (the last 5); nothing else is (185 elements).');
  });

  it('finds a block: one tile wrong', () => {
    for (const m of MATRICES.filter((x) => x.rows >= 8 && x.columns >= 8)) {
      const [r0, c0] = [m.rows - 5, 3];
      const s = statusOf(m.n, (i) => inside(m, i) && rowOf(m, i) >= r0 && rowOf(m, i) < r0 + 4 && colOf(m, i) >= c0 && colOf(m, i) < c0 + 4);
      expect(mismatchPattern(s.status, s.indices, m)).toEqual({ kind: 'block', rows: [r0, r0 + 3], columns: [c0, c0 + 3] });
    }
    const m = MATRICES[0]!;
    const s = statusOf(m.n, (i) => rowOf(m, i) >= 32 && colOf(m, i) >= 32);
    expect(reportPattern(s.status, s.indices, m).sentence).toBe('One block is wrong, and nothing else: rows 32–36, columns 32–36 (5 × 5), at the bottom and right edge.');
  });

  it('finds every k-th element, whether or not k divides the row', () => {
    for (const n of [37 * 37, 1000, 4099]) {
      for (const k of [2, 3, 4, 7, 64]) {
        for (const r of [0, k - 1]) {
          const s = statusOf(n, (i) => i % k === r);
          expect(mismatchPattern(s.status, s.indices)).toEqual({ kind: 'periodic', period: k, offsets: [r] });
        }
      }
    }
    // In a 37-wide matrix too, where the wrong elements move from column to column.
    for (const k of [2, 3, 4, 7, 64]) {
      const s = statusOf(37 * 37, (i) => i % k === k - 1);
      expect(mismatchPattern(s.status, s.indices, { rows: 37, columns: 37, offset: 0 })).toEqual({ kind: 'periodic', period: k, offsets: [k - 1] });
    }
    const s = statusOf(37 * 37, (i) => i % 64 === 63);
    expect(reportPattern(s.status, s.indices).sentence).toBe('Every 64th element is wrong, and nothing else: indices ≡ 63 mod 64 (21 elements).');
  });

  it('finds a repeating group (one vector lane of two), and a stride over part of the buffer', () => {
    const s = statusOf(1001, (i) => i % 8 >= 6);
    expect(reportPattern(s.status, s.indices)).toEqual({ pattern: { kind: 'periodic', period: 8, offsets: [6, 7] }, sentence: 'The mismatches repeat every 8 elements: in each 8, those at 6–7 (250 elements).' });
    const part = statusOf(1000, (i) => i >= 100 && i < 400 && i % 3 === 1);
    expect(mismatchPattern(part.status, part.indices)).toEqual({ kind: 'stride', step: 3, from: 100, to: 397 });
    expect(reportPattern(part.status, part.indices).sentence).toBe('Every 3rd element is wrong, and nothing else: index 100 to index 397 (100 elements, indices ≡ 1 mod 3).');
  });

  it('skips padding: the x of every vec3 is wrong, and the padding between them is not', () => {
    const s = statusOf(4 * 50, (i) => i % 4 === 0, (i) => i % 4 === 3);
    expect(mismatchPattern(s.status, s.indices)).toEqual({ kind: 'periodic', period: 4, offsets: [0] });
    // Every value but padding wrong is all, not a pattern.
    const all = statusOf(4 * 50, (i) => i % 4 !== 3, (i) => i % 4 === 3);
    expect(mismatchPattern(all.status, all.indices)).toEqual({ kind: 'all' });
    // A run across padding is still one run.
    const run = statusOf(4 * 50, (i) => i >= 10 && i < 30 && i % 4 !== 3, (i) => i % 4 === 3);
    expect(mismatchPattern(run.status, run.indices)).toEqual({ kind: 'range', from: 10, to: 29, tail: false });
  });

  it('calls random mismatches scattered, and says where they are confined', () => {
    const rand = mulberry32(9);
    const m = MATRICES[3]!;
    for (let t = 0; t < 20; t++) {
      const s = statusOf(m.n, () => rand() < 0.05);
      const p = mismatchPattern(s.status, s.indices, m);
      expect(p.kind).toBe('scattered');
    }
    const row = statusOf(m.n, (i) => rowOf(m, i) === 7 && [3, 50, 51, 90].includes(colOf(m, i)));
    expect(reportPattern(row.status, row.indices, m).sentence).toBe('4 elements are wrong with no simple pattern, all in row 7.');
  });
});

describe('words for lines and counts', () => {
  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 64, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '64th', '101st', '111th']);
  });

  it('names a run of lines, a stride, and a list', () => {
    expect(describeLines({ lines: [0, 1, 2] }, 37, 'row')).toBe('rows 0–2 (the first 3)');
    expect(describeLines({ lines: [3, 7, 11], stride: { step: 4, from: 3 } }, 13, 'column')).toBe("the last column of every 4 columns (columns ≡ 3 mod 4: a tile's edge)");
    expect(describeLines({ lines: [1, 4, 7], stride: { step: 3, from: 1 } }, 9, 'row')).toBe('every 3rd row from row 1 (rows ≡ 1 mod 3)');
    expect(describeLines({ lines: [0, 36] }, 37, 'row')).toBe('rows 0 and 36');
    expect(describeLines({ lines: [1, 5, 9, 20, 22, 30] }, 37, 'row')).toBe('rows 1, 5, 9, 20, 22, … (6 in all)');
  });
});
