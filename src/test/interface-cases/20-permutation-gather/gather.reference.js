// Refuses an order that is not a shuffle of 0..N-1, and one left in order
// (the identity is a permutation, but not a seeded shuffle).
export default function reference(inputs) {
  const { order, src } = inputs;
  const seen = new Uint8Array(order.length);
  let moved = 0;
  order.forEach((k, i) => {
    if (!(k < order.length) || seen[k]) throw new Error(`order is not a permutation of 0..${order.length - 1} (order[${i}] = ${k})`);
    seen[k] = 1;
    if (k !== i) moved++;
  });
  if (order.length > 2 && moved === 0) throw new Error('order is the identity, not a shuffle');
  return { picked: Float64Array.from(order, (k) => src[k]) };
}
