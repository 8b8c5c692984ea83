// Reads the gain the run used, so a --constants GAIN=… that never reached the GPU fails.
export default function reference(inputs, params, constants) {
  const gain = Math.fround(constants.GAIN);
  return { boosted: Float64Array.from(inputs.signal, (v) => gain * v + 0.25) };
}
