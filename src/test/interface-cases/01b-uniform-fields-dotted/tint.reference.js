// pixels and tinted are vec4<f32> arrays: four floats per element, no padding.
export default function reference(inputs, params) {
  const tint = [params.r, params.g, params.b, params.a].map((v) => Math.fround(v));
  return { tinted: Float64Array.from(inputs.pixels, (v, k) => v * tint[k % 4]) };
}
