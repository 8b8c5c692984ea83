export default function reference(inputs) {
  return {
    y: Float64Array.from(inputs.x, (v) => {
      const h = Math.min(1, Math.max(0, v));
      return h * h * (3 - 2 * h);
    }),
  };
}
