// Two overrides with explicit ids: a pipeline constant for such an override
// is keyed by its id ("3", "11"), not by its name.
@group(0) @binding(0) var<storage, read> signal: array<f32>;
@group(0) @binding(1) var<storage, read_write> boosted: array<f32>;
@group(0) @binding(2) var<uniform> n: u32;

@id(3) override BLOCK: u32 = 64u;
@id(11) override GAIN: f32 = 1.5;

@compute @workgroup_size(BLOCK)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x < n) {
    boosted[gid.x] = GAIN * signal[gid.x] + 0.25;
  }
}
