// Where does each sequence's next token go? Walk the block table: the token at
// position p of sequence s sits in slot block_table[s][p / bs] * bs + p % bs.
// The block table, the context lengths and the slot mapping come from the
// sidecar's "paged" inits, one layout made by the block manager per run, so
// the slots found here must be the slot mapping's.
struct Paged {
  bs: u32,
  max_blocks: u32,
}

@group(0) @binding(0) var<storage, read> block_table: array<u32>;
@group(0) @binding(1) var<storage, read> context_lens: array<u32>;
@group(0) @binding(2) var<storage, read> slot_mapping: array<u32>;
@group(0) @binding(3) var<storage, read_write> next_slot: array<u32>;
@group(0) @binding(4) var<uniform> paged: Paged;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let s = gid.x;
  if (s < arrayLength(&next_slot)) {
    let p = context_lens[s];
    let physical = block_table[s * paged.max_blocks + p / paged.bs];
    next_slot[s] = physical * paged.bs + p % paged.bs;
  }
}
