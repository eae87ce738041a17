import type { TestProject } from 'vitest/node'
import { assertJava } from '../../functions/local/dynamo-local'
import { buildConsole } from './browser'
import { chromiumOrStop } from './chromium'

/** What every test file needs, done once: Java checked (each file starts its own DynamoDB Local), the browser and the console's build. */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  // the browser is found or installed once, before any test file starts (or the run stops with one line)
  let consoleDist = ''
  if (await runsBrowserTests(project)) {
    process.env.CHROMIUM_PATH = chromiumOrStop()
    // one build of the console for every browser test file, rather than one each
    consoleDist = await buildConsole()
  }
  project.provide('consoleDist', consoleDist)
  assertJava()
}

/** Whether this run's files include the browser tests (a run of API tests alone needs no browser). */
async function runsBrowserTests(project: TestProject) {
  // the command line's file filters; when unknown, every file is assumed
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern
  const specs = await project.vitest.getRelevantTestSpecifications(filters)
  return specs.some((s) => s.moduleId.includes('/tests/e2e/'))
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** the console's build, when the run has browser tests ('' otherwise) */
    consoleDist: string
  }
}
