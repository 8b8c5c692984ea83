import { describe, expect, it } from 'vitest';
import { customKernel } from './custom';
import { customNameProblem, TEMPLATE_SIDECAR, TEMPLATE_WGSL } from './custom-template';

describe('the new-kernel template', () => {
  it('is a valid kernel as it stands', () => {
    const spec = customKernel({ name: 'mine', wgsl: TEMPLATE_WGSL, sidecar: JSON.parse(TEMPLATE_SIDECAR) });
    expect(spec.id).toBe('custom/mine');
    expect(spec.params.map((p) => p.name)).toEqual(['N']);
    expect(spec.constants.map((c) => c.name)).toEqual(['WG', 'S']);
  });

  it('checks names', () => {
    expect(customNameProblem('my-kernel', [])).toBeUndefined();
    expect(customNameProblem('My Kernel', [])).toMatch(/lower-case letters/);
    expect(customNameProblem('dup', ['dup'])).toBe('You already have a kernel named dup.');
  });
});
