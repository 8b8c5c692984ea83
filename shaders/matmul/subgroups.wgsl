// Subgroup matmul: C (M×N) = A (M×K) · B (K×N), row-major; needs `subgroups`.
// One invocation per element of C, a workgroup spanning WG columns of one row,
// as in the naive kernel. The difference is A: instead of every invocation
// reading all K values of its row, the lanes of a subgroup read consecutive
// values once (coalesced) and pass them to each other with subgroupShuffle,
// the subgroup's own register-to-register network.
enable subgroups;

struct Dims {
  M: u32,
  N: u32,
  K: u32,
}

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

// A multiple of every subgroup size in practice (4 … 64), so no subgroup is partial.
override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(
  @builtin(global_invocation_id) gid: vec3u,
  @builtin(subgroup_invocation_id) lane: u32,
  @builtin(subgroup_size) width: u32,
) {
  let row = gid.y;
  let col = gid.x;
  // Every lane stays to the end, in range or not: shuffles need the whole subgroup.
  let inRange = row < dims.M && col < dims.N;
  var acc = 0.0;
  for (var k0 = 0u; k0 < dims.K; k0 += width) {
    var mine = 0.0;
    if (row < dims.M && k0 + lane < dims.K) {
      mine = a[row * dims.K + k0 + lane];
    }
    let n = min(width, dims.K - k0);
    for (var j = 0u; j < n; j++) {
      let akj = subgroupShuffle(mine, j);
      if (inRange) {
        acc = fma(akj, b[(k0 + j) * dims.N + col], acc);
      }
    }
  }
  if (inRange) {
    c[row * dims.N + col] = acc;
  }
}
