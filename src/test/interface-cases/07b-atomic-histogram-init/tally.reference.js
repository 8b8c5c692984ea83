// Every bin starts at the sidecar's fill value, 5.
export default function reference(inputs, params) {
  const bins = new Float64Array(params.B).fill(5);
  for (const p of inputs.picks) bins[p % params.B] += 1;
  return { bins };
}
