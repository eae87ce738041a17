import { join, resolve } from 'node:path'
import { serveLocal } from '../functions/local/server'

/** One API instance in its own process (as a Lambda instance is), for the bench's multi-instance phases. */
const port = Number(process.env.PORT)
serveLocal(port, join(resolve(import.meta.dirname, '..'), 'web/dist'))
console.log('ready')
