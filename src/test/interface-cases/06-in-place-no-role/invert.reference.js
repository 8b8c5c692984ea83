// Taken as a plain output, levels starts as poison and the reference receives
// no initial contents; it answers with NaN then rather than throwing, so the
// run's own diagnosis (read before written) is what the user sees.
export default function reference(inputs, params) {
  const start = inputs.levels;
  if (!start) return { levels: new Float64Array(params.N).fill(Number.NaN) };
  return { levels: Float64Array.from(start, (v) => 1 - v) };
}
