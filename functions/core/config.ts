/**
 * Runtime settings. In AWS the values come from SST links (SST puts each linked resource in an
 * `SST_RESOURCE_<Name>` variable as JSON; reading it here avoids bundling the `sst` SDK into the Lambda);
 * locally and in tests from CADRE_* variables. Getters, so a test file can point at its own table.
 */
function linked(name: string): Record<string, string> | undefined {
  const raw = process.env[`SST_RESOURCE_${name}`]
  return raw ? (JSON.parse(raw) as Record<string, string>) : undefined
}

export const config = {
  get table() {
    return process.env.CADRE_TABLE ?? linked('Table')?.name ?? 'cadre'
  },
  get dynamoEndpoint() {
    return process.env.CADRE_DYNAMO_ENDPOINT
  },
  get jwtSecret() {
    const secret = process.env.CADRE_JWT_SECRET ?? linked('JwtSecret')?.value
    if (!secret || secret.length < 32) throw new Error('CADRE_JWT_SECRET (or the JwtSecret link) must be 32+ chars')
    return secret
  },
  get stage() {
    return process.env.CADRE_STAGE ?? linked('App')?.stage ?? 'local'
  },
  /** scrypt cost; lowered only by the test suite, where hashing speed is not what is tested */
  get scryptCost() {
    return Number(process.env.CADRE_SCRYPT_N ?? 32768)
  },
}
