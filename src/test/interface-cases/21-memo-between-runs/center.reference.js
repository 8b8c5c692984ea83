export default function reference(inputs) {
  let sum = 0;
  for (const v of inputs.x) sum += v;
  const mean = sum / inputs.x.length;
  return { centered: Float64Array.from(inputs.x, (v) => v - mean) };
}
