// The slot mapping is the block manager's own answer for each sequence's next
// token; the kernel must reach the same slots through the block table.
export default function reference(inputs) {
  return { next_slot: Float64Array.from(inputs.slot_mapping) };
}
