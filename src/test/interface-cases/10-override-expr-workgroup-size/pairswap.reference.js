export default function reference(inputs, params) {
  const { W, H } = params;
  const dst = new Float64Array(W * H);
  for (let row = 0; row < H; row++) {
    for (let col = 0; col < W; col++) {
      const partner = (col ^ 1) < W ? col ^ 1 : col;
      dst[row * W + col] = inputs.src[row * W + partner];
    }
  }
  return { dst };
}
