export default function reference(inputs) {
  const count = Math.ceil(inputs.x.length / 64);
  const values = new Float64Array(count);
  const terms = new Float64Array(count);
  inputs.x.forEach((v, i) => {
    values[i >> 6] += v;
    terms[i >> 6] += Math.abs(v);
  });
  return { sums: { values, terms } };
}
