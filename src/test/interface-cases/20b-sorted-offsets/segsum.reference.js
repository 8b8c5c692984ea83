// Refuses starts that do not ascend or leave the init's range 0 … 2000.
export default function reference(inputs) {
  const { starts, values } = inputs;
  starts.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v > 2000) throw new Error(`starts[${i}] = ${v} is not an integer in 0 … 2000`);
    if (i > 0 && v < starts[i - 1]) throw new Error(`starts is not sorted: starts[${i - 1}] = ${starts[i - 1]} > starts[${i}] = ${v}`);
  });
  const count = starts.length - 1;
  const sums = new Float64Array(count);
  const terms = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    for (let k = Math.min(starts[s], values.length); k < Math.min(starts[s + 1], values.length); k++) {
      sums[s] += values[k];
      terms[s] += Math.abs(values[k]);
    }
  }
  return { totals: { values: sums, terms } };
}
