/** Each item through `work`, at most `limit` at a time, the answers in the items' order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return out
}
