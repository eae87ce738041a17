import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb'
import { config } from '../config'

/**
 * A logger with no `info` and no `error`: the SDK's logger middleware calls them as `logger?.info?.(...)`,
 * so it then skips copying every request and answer through its sensitive-field filter for a log nobody
 * writes (its default logger has empty methods, and pays for the copies: a few ms a call at a cold start,
 * a walk of every item read or written after). Warnings still go nowhere, as before.
 */
const noLogger = { debug() {}, trace() {}, warn() {} } as unknown as NonNullable<DynamoDBClientConfig['logger']>

let client: DynamoDBClient | undefined
let clientEndpoint: string | undefined

/** One client per process (kept warm across Lambda invocations); a test may repoint it via env. */
export function dynamo(): DynamoDBClient {
  const endpoint = config.dynamoEndpoint
  if (!client || clientEndpoint !== endpoint) {
    client = new DynamoDBClient({
      endpoint,
      region: process.env.AWS_REGION ?? 'eu-west-1',
      // DynamoDB Local accepts any credentials; in AWS the Lambda role's are used
      credentials: endpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
      maxAttempts: 4,
      logger: noLogger,
    })
    clientEndpoint = endpoint
  }
  return client
}
