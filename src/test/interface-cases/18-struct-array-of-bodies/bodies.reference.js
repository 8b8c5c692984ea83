// bodies arrives as its values in memory order, one per 4-byte slot of the
// layout: Body is [mass, pad, pos.x, pos.y, tag, pad] (24 bytes; pos is
// 8-byte aligned), and its f32 and u32 members come as plain numbers. The
// member inits are checked too, so an init that went to the wrong slots
// fails loudly.
const SLOTS = 6;

export default function reference(inputs, params) {
  const b = inputs.bodies;
  if (b.length !== SLOTS * params.N) throw new Error(`bodies has ${b.length} values, expected ${SLOTS * params.N}`);
  const moments = new Float64Array(2 * params.N);
  for (let i = 0; i < params.N; i++) {
    const at = i * SLOTS;
    const mass = b[at];
    const x = b[at + 2];
    const y = b[at + 3];
    const tag = b[at + 4];
    if (!(mass >= 0.5 && mass <= 2)) throw new Error(`bodies[${i}].mass is ${mass}, outside its init range 0.5 … 2`);
    if (!(Math.abs(x) <= 4 && Math.abs(y) <= 4)) throw new Error(`bodies[${i}].pos is (${x}, ${y}), outside its init range -4 … 4`);
    if (!(Number.isInteger(tag) && tag >= 0 && tag <= 9)) throw new Error(`bodies[${i}].tag is ${tag}, outside its init range 0 … 9`);
    moments[2 * i] = Math.fround(Math.fround(x * mass) + tag);
    moments[2 * i + 1] = Math.fround(Math.fround(y * mass) + tag);
  }
  return { moments };
}
