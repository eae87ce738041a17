import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { config } from '../config'

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
    })
    clientEndpoint = endpoint
  }
  return client
}
