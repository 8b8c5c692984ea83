// Right for the kernel on a device that allowed 20 storage buffers.
export default function reference(inputs) {
  const out = {};
  for (const ch of ['r', 'g', 'b', 'a']) {
    const planes = ['a', 'b', 'c', 'd'].map((im) => inputs[`${im}_${ch}`]);
    out[`mean_${ch}`] = Float64Array.from(planes[0], (_, i) => 0.25 * planes.reduce((s, p) => s + p[i], 0));
  }
  return out;
}
