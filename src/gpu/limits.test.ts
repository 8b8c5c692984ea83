import { describe, expect, it } from 'vitest';
import { LimitError } from './errors';
import { formatBytes } from './format';
import { checkLimits, limitRemedy } from './limits';

const LIMITS = {
  maxBufferSize: 256 * 2 ** 20,
  maxStorageBufferBindingSize: 128 * 2 ** 20,
  maxStorageBuffersPerShaderStage: 8,
  maxComputeWorkgroupsPerDimension: 65535,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupSizeZ: 64,
  maxComputeInvocationsPerWorkgroup: 256,
  maxUniformBufferBindingSize: 65536,
};

describe('device limits', () => {
  it('accepts what fits', () => {
    expect(checkLimits(LIMITS, {
      storageBuffers: [{ name: 'A', bytes: 128 * 2 ** 20 }],
      uniformBytes: 16,
      dispatches: [{ label: 'main', workgroups: [65535, 2, 1] }],
      workgroupSizes: [{ entryPoint: 'main', size: [16, 16, 1] }],
    })).toEqual([]);
  });

  it('names the limit, what needs it, and both numbers', () => {
    const [binding, buffer] = checkLimits(LIMITS, {
      storageBuffers: [{ name: 'C', bytes: 512 * 2 ** 20 }],
      dispatches: [],
      workgroupSizes: [],
    }).sort((a, b) => a.limit.localeCompare(b.limit));
    expect(buffer).toBeInstanceOf(LimitError);
    expect(binding?.message).toBe("Buffer C needs 512 MiB, but this device's maxBufferSize is 256 MiB.");
    expect(buffer?.message).toBe("Buffer C needs 512 MiB, but this device's maxStorageBufferBindingSize is 128 MiB.");
  });

  it('checks dispatch counts and workgroup shapes', () => {
    const problems = checkLimits(LIMITS, {
      storageBuffers: [],
      dispatches: [{ label: 'main', workgroups: [70000, 1, 1] }],
      workgroupSizes: [{ entryPoint: 'main', size: [32, 16, 1] }],
    });
    expect(problems.map((p) => p.limit)).toEqual(['maxComputeWorkgroupsPerDimension', 'maxComputeInvocationsPerWorkgroup']);
    expect(problems[1]?.message).toBe("Entry point main (32×16×1 invocations) needs 512, but this device's maxComputeInvocationsPerWorkgroup is 256.");
  });

  it('checks workgroup memory', () => {
    const [p] = checkLimits({ ...LIMITS, maxComputeWorkgroupStorageSize: 16384 }, { storageBuffers: [], dispatches: [], workgroupSizes: [], workgroupStorageBytes: 32768 });
    expect(p?.message).toBe("The kernel's workgroup memory needs 32 KiB, but this device's maxComputeWorkgroupStorageSize is 16 KiB.");
  });

  it('formats byte counts', () => {
    expect(formatBytes(100)).toBe('100 bytes');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(2 ** 30)).toBe('1 GiB');
    // One decimal, dropped where it rounds to 0: 256 KiB and 16 bytes is "256 KiB", not "256.0 KiB".
    expect(formatBytes(256 * 1024 + 16)).toBe('256 KiB');
    expect(formatBytes(80 * 1024 + 40)).toBe('80 KiB');
  });
});

describe('what to change to get under a limit', () => {
  it('points at the workgroup, the sizes or the bindings', () => {
    expect(limitRemedy('maxComputeInvocationsPerWorkgroup')).toBe('workgroup');
    expect(limitRemedy('maxComputeWorkgroupSizeX')).toBe('workgroup');
    expect(limitRemedy('maxComputeWorkgroupStorageSize')).toBe('workgroup');
    expect(limitRemedy('maxStorageBufferBindingSize')).toBe('sizes');
    expect(limitRemedy('maxComputeWorkgroupsPerDimension')).toBe('sizes');
    expect(limitRemedy('maxStorageBuffersPerShaderStage')).toBe('bindings');
  });
});
