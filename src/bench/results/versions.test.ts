import { describe, expect, it } from 'vitest';
import { versionLabels } from './versions';

describe('version labels', () => {
  it('names the library source and numbers edits by first run', () => {
    const labels = versionLabels([
      { sourceHash: 'b', librarySource: false },
      { sourceHash: 'a', librarySource: true },
      { sourceHash: 'b', librarySource: false },
      { sourceHash: 'c', librarySource: false },
    ]);
    expect([...labels]).toEqual([['b', 'edit 1'], ['a', 'library'], ['c', 'edit 2']]);
  });

  it('numbers every version of your own kernel, which has no library version', () => {
    // Records saved before the fix said librarySource: true for your own kernels.
    const labels = versionLabels([{ sourceHash: 'x', librarySource: true }, { sourceHash: 'y', librarySource: false }, { sourceHash: 'x', librarySource: true }], true);
    expect([...labels]).toEqual([['x', 'version 1'], ['y', 'version 2']]);
  });

  it('tells versions of your own kernel apart by all their files, not the WGSL alone', () => {
    const labels = versionLabels([{ sourceHash: 'w', librarySource: false, filesHash: 'a' }, { sourceHash: 'w', librarySource: false, filesHash: 'b' }], true);
    expect([...labels]).toEqual([['a', 'version 1'], ['b', 'version 2']]);
  });
});
