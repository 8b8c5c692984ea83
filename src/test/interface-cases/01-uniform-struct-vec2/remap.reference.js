// The range as the GPU sees it: lo and hi rounded to f32.
export default function reference(inputs, params) {
  const lo = Math.fround(params.lo);
  const width = Math.fround(Math.fround(params.hi) - lo);
  return { mapped: Float64Array.from(inputs.t, (v) => lo + width * v) };
}
