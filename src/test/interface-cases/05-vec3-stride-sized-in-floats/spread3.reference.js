// Written as if vec3 elements were packed three floats apart, like the sidecar's length.
export default function reference(inputs) {
  const out = new Float64Array(3 * inputs.samples.length);
  inputs.samples.forEach((s, i) => {
    out[3 * i] = s;
    out[3 * i + 1] = 2 * s;
    out[3 * i + 2] = -s;
  });
  return { trio: out };
}
