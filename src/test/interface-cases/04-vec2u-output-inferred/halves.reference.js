// halves as the GPU lays it out: low, high, low, high, … (u32 values).
export default function reference(inputs) {
  const out = new Float64Array(2 * inputs.words.length);
  inputs.words.forEach((w, i) => {
    out[2 * i] = w & 0xffff;
    out[2 * i + 1] = w >>> 16;
  });
  return { halves: out };
}
