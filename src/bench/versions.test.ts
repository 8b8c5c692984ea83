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
});
