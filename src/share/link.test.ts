import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { findKernel } from '../kernels/library';
import { TEMPLATE_REFERENCE, TEMPLATE_SIDECAR, TEMPLATE_WGSL } from '../kernels/custom-template';
import { isShareFragment, MAX_LINK_CHARS, readShareFragment, shareLink, type SharedKernel } from './link';
import { keepName, openShared, sharedFromDraft, sharedFromRun, sharedLibrarySpec } from './opened';
import { referenceSource } from '../bench/run/reference';

const PAGE = 'http://127.0.0.1:4173/?x=1#old';
const vec4 = findKernel('matmul/vec4')!;
const edit: Omit<SharedKernel, 'format'> = {
  kernel: 'matmul/vec4',
  title: 'My <img src=x onerror=alert(1)> matmul',
  wgsl: `${vec4.source}\n// tuned ✓ — ünïcode\n`,
  params: { M: 33, N: 17, K: 9 },
  constants: {},
};
const fragmentOf = (link: string): string => new URL(link).hash;

describe('share links', () => {
  it('round-trips a library edit and a custom kernel through the fragment, text untouched', () => {
    const link = shareLink(edit, PAGE);
    expect(link.startsWith('http://127.0.0.1:4173/?x=1#share=1.')).toBe(true);
    expect(isShareFragment(fragmentOf(link))).toBe(true);
    expect(readShareFragment(fragmentOf(link))).toEqual({ format: 1, ...edit });
    const custom = { kernel: 'custom/scale', title: 'Scale', wgsl: TEMPLATE_WGSL, sidecar: TEMPLATE_SIDECAR, reference: TEMPLATE_REFERENCE, params: { N: 5 }, constants: { S: 2 } };
    expect(readShareFragment(fragmentOf(shareLink(custom, PAGE)))).toEqual({ format: 1, ...custom });
  });

  it('refuses a link over the cap, saying how long it would be', () => {
    // Random text does not compress: well over the cap.
    let noise = '';
    let x = 12345;
    for (let i = 0; i < 60_000; i++) noise += String.fromCharCode(33 + ((x = (x * 1103515245 + 12345) >>> 0) % 90));
    expect(() => shareLink({ ...edit, wgsl: noise }, PAGE)).toThrow(/makes a link of [\d,]+ characters, over the 32,000 a link may have/);
    expect(MAX_LINK_CHARS).toBe(32_000);
  });

  it('says why a damaged, foreign, newer or malformed link does not open', () => {
    const link = shareLink(edit, PAGE);
    const hash = fragmentOf(link);
    expect(() => readShareFragment(hash.slice(0, hash.length - 40))).toThrow(/damaged/);
    expect(() => readShareFragment('#share=2.abc')).toThrow('made by a newer Kernel Lab (link format 2; this page reads up to 1)');
    expect(() => readShareFragment('#share=abc')).toThrow('no format version');
    expect(() => readShareFragment('#other')).toThrow('holds no shared kernel');
    const encode = (o: unknown): string => `#share=1.${LZString.compressToEncodedURIComponent(JSON.stringify(o))}`;
    const good = { format: 1, ...edit };
    expect(() => readShareFragment(encode([]))).toThrow('it is not an object');
    expect(() => readShareFragment(encode({ ...good, wgsl: 5 }))).toThrow('"wgsl" is not text');
    expect(() => readShareFragment(encode({ ...good, kernel: '../../etc' }))).toThrow('"kernel" ("../../etc") is not a kernel id');
    expect(() => readShareFragment(encode({ ...good, params: { M: 'x' } }))).toThrow('"params.M" is not a finite number');
    expect(() => readShareFragment(encode({ ...good, params: { 'a b': 1 } }))).toThrow('"params" has a name that is not an identifier');
    expect(() => readShareFragment(encode({ ...good, title: 'x'.repeat(201) }))).toThrow('"title" is longer than 200 characters');
    // Fields a link may not set are dropped, not carried along.
    expect(readShareFragment(encode({ ...good, referenceAllowed: true }))).not.toHaveProperty('referenceAllowed');
  });
});

describe('opened kernels', () => {
  it('get a content id, so one link opened twice is one kernel, and never the id of a draft', () => {
    const shared = readShareFragment(fragmentOf(shareLink(edit, PAGE)));
    const a = openShared(shared, 'a link');
    const b = openShared(shared, 'a link');
    expect(a.meta.id).toBe(b.meta.id);
    expect(a.meta.id).toMatch(/^shared\/matmul-vec4-[0-9a-f]{8}$/);
    expect(openShared({ ...shared, params: { ...shared.params, M: 34 } }, 'a link').meta.id).not.toBe(a.meta.id);
    expect(a.draft).toMatchObject({ kernel: a.meta.id, source: edit.wgsl, params: edit.params });
    expect(a.meta).toMatchObject({ custom: false, referenceAllowed: true, base: 'matmul/vec4' });
  });

  it('hold a custom reference back until it is allowed, and run library references from the library in the Worker', () => {
    const custom = openShared({ format: 1, kernel: 'custom/scale', title: 'Scale', wgsl: TEMPLATE_WGSL, sidecar: TEMPLATE_SIDECAR, reference: TEMPLATE_REFERENCE, params: {}, constants: {} }, 'a link');
    expect(custom.meta).toMatchObject({ custom: true, referenceAllowed: false });
    expect(custom.draft.reference).toBe(TEMPLATE_REFERENCE);
    const noReference = openShared({ format: 1, kernel: 'custom/scale', title: 'Scale', wgsl: TEMPLATE_WGSL, sidecar: TEMPLATE_SIDECAR, reference: ' ', params: {}, constants: {} }, 'a link');
    expect(noReference.meta.referenceAllowed).toBe(true);
    const spec = sharedLibrarySpec(vec4, openShared({ format: 1, ...edit }, 'a link').meta);
    expect(spec.id).toMatch(/^shared\//);
    expect(referenceSource(spec)).toEqual({ library: 'matmul/vec4' });
  });

  it('share what is in the editor and reopen runs that kept their code', () => {
    const draft = openShared({ format: 1, ...edit }, 'a link').draft;
    expect(sharedFromDraft('matmul/vec4', 'T', draft)).toEqual({ kernel: 'matmul/vec4', title: 'T', wgsl: edit.wgsl, params: edit.params, constants: {} });
    const run = { kernel: 'custom/scale', sourceHash: 'abc', params: { N: 3 }, constants: { S: 2 }, wgsl: 'w', sidecar: 's', referenceModule: 'r' };
    expect(sharedFromRun(run as never, 'from a file')).toEqual({ format: 1, kernel: 'custom/scale', title: 'from a file', wgsl: 'w', sidecar: 's', reference: 'r', params: { N: 3 }, constants: { S: 2 } });
    expect(() => sharedFromRun({ ...run, wgsl: undefined } as never, 't')).toThrow('saved before runs kept their code (only its hash, abc, is known)');
  });

  it('keep under a free name of your own', () => {
    const meta = openShared({ format: 1, kernel: 'custom/scale', title: 'Scale', wgsl: 'w', sidecar: '{}', params: {}, constants: {} }, 'l').meta;
    expect(keepName(meta, [])).toBe('scale');
    expect(keepName(meta, ['scale', 'scale-2'])).toBe('scale-3');
    expect(keepName({ ...meta, base: 'matmul/vec4', title: '42 <b>fast</b>' }, [])).toBe('k-42-b-fast-b');
  });
});
