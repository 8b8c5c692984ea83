import { describe, expect, it } from 'vitest';
import { dataModule, loadReferenceModule, toOutput, placeInModule, syntaxErrorPlace } from './reference-module';

describe("a user reference's outputs", () => {
  it('become float64 arrays, or values with the terms they were summed from', () => {
    expect(toOutput([1, 2.5], 'y', 'r.js')).toEqual(Float64Array.from([1, 2.5]));
    expect(toOutput(Float32Array.from([0.5]), 'y', 'r.js')).toBeInstanceOf(Float64Array);
    const both = toOutput({ values: [1e-7], terms: [2] }, 'sum', 'r.js');
    expect(both).toEqual({ values: Float64Array.from([1e-7]), terms: Float64Array.from([2]) });
  });

  it('name the file and the output when they are neither', () => {
    expect(() => toOutput(3 as never, 'y', 'r.js')).toThrow('r.js: output y is 3, not an array of numbers.');
    expect(() => toOutput({ values: [1] } as never, 'y', 'r.js')).toThrow('r.js: output y is neither an array of numbers nor { values, terms }.');
  });
});

describe('where a reference module went wrong', () => {
  it('finds a syntax error\'s line and column', async () => {
    expect(await syntaxErrorPlace('export default function r() {\n  const y = 1 *;\n}\n')).toBe('line 2, column 16');
    expect(await syntaxErrorPlace('export default () => ({});\n')).toBeUndefined();
  });

  it('reads the line of a thrown error from the frame that names the module', () => {
    const url = 'blob:http://127.0.0.1:4173/3f1c';
    const e = new ReferenceError('notDefined is not defined');
    e.stack = `ReferenceError: notDefined is not defined\n    at reference (${url}:6:32)\n    at run (http://127.0.0.1:4173/assets/worker.js:1:200)`;
    expect(placeInModule(e, url)).toBe('line 6, column 32');
    expect(placeInModule(new Error('elsewhere'), url)).toBeUndefined();
  });
});

describe('a reference module in Node (the Dawn backend)', () => {
  it('loads from a data: URL, and a throw names the file, line and column', async () => {
    const ref = await loadReferenceModule('export default ({ x }) => {\n  if (x.length > 2) missing();\n  return { y: Array.from(x, (v) => v * 2) };\n};\n', 'double.js', dataModule);
    expect(ref({ x: Float32Array.from([1, 2]) }, {}, {})).toEqual({ y: Float64Array.from([2, 4]) });
    expect(() => ref({ x: new Float32Array(3) }, {}, {})).toThrow('double.js, line 2, column 21: the reference threw ReferenceError: missing is not defined');
    await expect(loadReferenceModule('export default () => {', 'bad.js', dataModule)).rejects.toThrow('bad.js, line 1, column 23 does not load');
  });
});
