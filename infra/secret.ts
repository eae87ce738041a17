/** The HS256 key of access tokens. Set it once per stage: `npx sst secret set JwtSecret <48+ random chars> --stage prod`. */
export const jwtSecret = new sst.Secret('JwtSecret')
