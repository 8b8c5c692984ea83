// The weights as the GPU sees them: f32.
export default function reference({ a, b }, { t }) {
  const u = Math.fround(1 - t), v = Math.fround(t);
  return { mixed: Float64Array.from(a, (x, i) => u * x + v * b[i] + 0.5) };
}
