// Start and end of each of N spans, one vec2u per span. Sized in values, the
// buffer must hold a whole number of vec2u: 2·N + 1 values is half an element
// too many, a mistake found before any GPU starts.
@group(0) @binding(0) var<storage, read_write> spans: array<vec2u>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&spans)) {
    spans[i] = vec2u(3u * i, 3u * i + 2u);
  }
}
