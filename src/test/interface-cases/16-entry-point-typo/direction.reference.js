// The forward difference, what the sidecar meant to run.
export default function reference(inputs) {
  const x = inputs.x;
  return { d: Float64Array.from(x, (v, i) => x[Math.min(i + 1, x.length - 1)] - v) };
}
