// Type-checks sst.config.ts and infra/ against SST's platform types (.sst/platform). Those are made by
// `sst install`, which downloads from GitHub; where GitHub is out of reach, the workplace's offline tool
// builds them from npm instead.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' })
if (!existsSync('.sst/platform/config.d.ts')) {
  const offline = '../shared/tools/sst-platform-offline.sh'
  if (existsSync(offline)) run('bash', [offline])
  else run('npx', ['sst', 'install'])
}
run('npx', ['tsc', '-p', 'infra/tsconfig.json'])
console.log('infra: types ok')
