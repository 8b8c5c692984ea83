// Particles drift by half their velocity: each invocation reads its particle,
// moves it and writes the whole struct back, velocity unchanged. The buffer is
// read_write and the sidecar gives no role, as a first try often does.
struct Particle {
  pos: vec2f,
  vel: vec2f,
}

struct Particles {
  particles: array<Particle>,
}

@group(0) @binding(0) var<storage, read_write> ps: Particles;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i < arrayLength(&ps.particles)) {
    var q = ps.particles[i];
    q.pos = q.pos + q.vel * 0.5;
    ps.particles[i] = q;
  }
}
