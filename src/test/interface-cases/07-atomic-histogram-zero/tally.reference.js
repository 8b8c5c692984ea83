export default function reference(inputs, params) {
  const bins = new Float64Array(params.B);
  for (const p of inputs.picks) bins[p % params.B] += 1;
  return { bins };
}
