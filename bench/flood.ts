import { load } from './load'

/**
 * The flooding tenant's client, in its own process: in the bench's process its event loop would delay the
 * quiet tenant's client too, and that delay would be counted as the quiet tenant's latency.
 * Args: url path token connections seconds rate. Prints the LoadResult as JSON.
 */
const [url, path, token, connections, seconds, rate] = process.argv.slice(2)
const result = await load(url!, [{ method: 'GET', path: path! }], { authorization: `Bearer ${token}` }, Number(connections), Number(seconds), Number(rate))
console.log(JSON.stringify(result))
