import type { TestProject } from 'vitest/node'
import { startDynamoLocal } from '../../functions/local/dynamo-local'

/** One in-memory DynamoDB Local for the run; each test file makes its own table in it. */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  const db = await startDynamoLocal()
  project.provide('dynamoEndpoint', db.endpoint)
  return () => db.stop()
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string
  }
}
