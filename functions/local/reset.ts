import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'

const dataDir = join(resolve(import.meta.dirname, '../..'), '.data')
rmSync(dataDir, { recursive: true, force: true })
console.log(`removed ${dataDir}: the next npm start seeds fresh demo data`)
