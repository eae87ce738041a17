/**
 * How the api function is bundled (infra/api.ts). Split into chunks: what a request loads with `import()`
 * (the S3 and SQS clients, the presigner, the SDK's credential providers that a Lambda with its role's
 * credentials in the environment never calls) is a file of its own, read when first used, so a cold start
 * parses and runs only the entry and the chunks it imports. bench/bundle.ts builds it the same way, for the
 * cold-start bench and the size test (tests/api/bundle.test.ts).
 */
export const apiNodejs = { minify: true, format: 'esm', splitting: true } as const
