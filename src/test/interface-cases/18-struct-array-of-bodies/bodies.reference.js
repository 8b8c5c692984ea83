// bodies arrives as its memory, 24 bytes per Body; a DataView reads the f32
// and u32 members whatever typed array carries them. The member inits are
// checked too, so an init that went to the wrong bytes fails loudly.
const STRIDE = 24;

export default function reference(inputs, params) {
  const raw = inputs.bodies;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const moments = new Float64Array(2 * params.N);
  for (let i = 0; i < params.N; i++) {
    const at = i * STRIDE;
    const mass = view.getFloat32(at, true);
    const x = view.getFloat32(at + 8, true);
    const y = view.getFloat32(at + 12, true);
    const tag = view.getUint32(at + 16, true);
    if (!(mass >= 0.5 && mass <= 2)) throw new Error(`bodies[${i}].mass is ${mass}, outside its init range 0.5 … 2`);
    if (!(Math.abs(x) <= 4 && Math.abs(y) <= 4)) throw new Error(`bodies[${i}].pos is (${x}, ${y}), outside its init range -4 … 4`);
    if (tag > 9) throw new Error(`bodies[${i}].tag is ${tag}, outside its init range 0 … 9`);
    moments[2 * i] = x * mass + tag;
    moments[2 * i + 1] = y * mass + tag;
  }
  return { moments };
}
