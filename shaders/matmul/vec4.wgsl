// Register-blocked matmul with vec4 memory traffic: C (M×N) = A (M×K) · B (K×N).
// As register-blocked.wgsl, but every load from device memory is a 16-byte vec4
// (A along K, B along N), each invocation owns four consecutive columns so its
// B values and C results are vec4s, and its 4×4 block is four vec4 FMAs per k.
//
// Any M, N, K: a row of B need not start on a 16-byte boundary, so four floats
// starting anywhere are read as one or two aligned vec4s and shifted into place
// (load4A/load4B). A and B therefore have one spare vec4 at their end, and C is
// padded to whole vec4s: rows that do not start aligned are stored lane by lane,
// and the padding past M·N is written as zeros.

struct Dims {
  M: u32,
  N: u32,
  K: u32,
}

@group(0) @binding(0) var<storage, read> a: array<vec4f>;
@group(0) @binding(1) var<storage, read> b: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> c: array<vec4f>;
@group(0) @binding(3) var<uniform> dims: Dims;

override BM: u32 = 64; // rows of C per workgroup (a multiple of 4)
override BN: u32 = 64; // columns of C per workgroup (a multiple of 16)
override BK: u32 = 16; // depth of each staged step (a multiple of 4)

var<workgroup> As: array<f32, BM * BK>; // As[r * BK + k]
var<workgroup> Bs: array<vec4f, BK * BN / 4u>; // Bs[k * BN/4 + q]: columns 4q … 4q+3

/** Four floats of v0‖v1 starting at lane `shift`. */
fn shifted(v0: vec4f, v1: vec4f, shift: u32) -> vec4f {
  switch shift {
    case 0u: { return v0; }
    case 1u: { return vec4f(v0.yzw, v1.x); }
    case 2u: { return vec4f(v0.zw, v1.xy); }
    default: { return vec4f(v0.w, v1.xyz); }
  }
}

fn load4A(e: u32) -> vec4f {
  return shifted(a[e / 4u], a[e / 4u + 1u], e % 4u);
}

fn load4B(e: u32) -> vec4f {
  return shifted(b[e / 4u], b[e / 4u + 1u], e % 4u);
}

/** Lanes whose index (first + lane) reaches `end` become zero. */
fn masked(v: vec4f, first: u32, end: u32) -> vec4f {
  return select(vec4f(0.0), v, vec4u(first) + vec4u(0u, 1u, 2u, 3u) < vec4u(end));
}

@compute @workgroup_size(BN / 4u, BM / 4u)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(local_invocation_id) lid: vec3u,
  @builtin(local_invocation_index) tid: u32,
) {
  let threads = (BN / 4u) * (BM / 4u);
  let row0 = wid.y * BM;
  let col0 = wid.x * BN;
  let rstep = BM / 4u;
  var acc: array<vec4f, 4>; // acc[i]: row lid.y + i·BM/4, columns col0 + 4·lid.x … +3
  let steps = (dims.K + BK - 1u) / BK;
  for (var t = 0u; t < steps; t++) {
    let k0 = t * BK;
    for (var i = tid; i < BM * BK / 4u; i += threads) {
      let r = row0 + i / (BK / 4u);
      let k = k0 + 4u * (i % (BK / 4u));
      var v = vec4f(0.0);
      if (r < dims.M && k < dims.K) {
        v = masked(load4A(r * dims.K + k), k, dims.K);
      }
      let s = (i / (BK / 4u)) * BK + 4u * (i % (BK / 4u));
      As[s] = v.x;
      As[s + 1u] = v.y;
      As[s + 2u] = v.z;
      As[s + 3u] = v.w;
    }
    for (var i = tid; i < BK * BN / 4u; i += threads) {
      let k = k0 + i / (BN / 4u);
      let col = col0 + 4u * (i % (BN / 4u));
      var v = vec4f(0.0);
      if (k < dims.K && col < dims.N) {
        v = masked(load4B(k * dims.N + col), col, dims.N);
      }
      Bs[i] = v;
    }
    workgroupBarrier();
    for (var k = 0u; k < BK; k++) {
      let bv = Bs[k * (BN / 4u) + lid.x];
      for (var i = 0u; i < 4u; i++) {
        acc[i] = fma(vec4f(As[(lid.y + i * rstep) * BK + k]), bv, acc[i]);
      }
    }
    workgroupBarrier();
  }
  let col = col0 + 4u * lid.x;
  for (var i = 0u; i < 4u; i++) {
    let r = row0 + lid.y + i * rstep;
    if (r >= dims.M || col >= dims.N) {
      continue;
    }
    let e = r * dims.N + col;
    if (e % 4u == 0u && col + 3u < dims.N) {
      c[e / 4u] = acc[i];
    } else {
      for (var l = 0u; l < 4u; l++) {
        if (col + l < dims.N) {
          c[(e + l) / 4u][(e + l) % 4u] = acc[i][l];
        }
      }
    }
  }
  // The padding after the last element of C: zeros, so every element is defined.
  if (tid == 0u && wid.x == 0u && wid.y == 0u) {
    for (var e = dims.M * dims.N; e < 4u * arrayLength(&c); e++) {
      c[e / 4u][e % 4u] = 0.0;
    }
  }
}
