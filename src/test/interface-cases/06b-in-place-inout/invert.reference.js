// An inout buffer reaches the reference with its initial contents.
export default function reference(inputs) {
  if (!inputs.levels) throw new Error('the reference was not given the initial contents of the inout buffer levels');
  return { levels: Float64Array.from(inputs.levels, (v) => 1 - v) };
}
