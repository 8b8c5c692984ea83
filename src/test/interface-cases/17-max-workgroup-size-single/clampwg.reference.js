export default function reference(inputs) {
  return { y: Float64Array.from(inputs.x, (v) => Math.min(0.5, Math.max(-0.5, v))) };
}
