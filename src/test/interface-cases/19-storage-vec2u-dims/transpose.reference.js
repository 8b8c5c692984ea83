export default function reference(inputs, params) {
  const { W, H } = params;
  if (inputs.dims[0] !== W || inputs.dims[1] !== H) throw new Error(`dims is [${inputs.dims[0]}, ${inputs.dims[1]}], not [W, H] = [${W}, ${H}]`);
  const flipped = new Float64Array(W * H);
  for (let row = 0; row < H; row++) {
    for (let col = 0; col < W; col++) flipped[col * H + row] = inputs.grid[row * W + col];
  }
  return { flipped };
}
