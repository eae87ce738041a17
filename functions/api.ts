import { handle } from 'hono/aws-lambda'
import { app } from './api/app'

/** The Lambda entry point behind API Gateway (HTTP API, payload v2). The same app serves `npm start`. */
export const handler = handle(app)
