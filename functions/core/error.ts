/** The one error type of the domain. `code` is stable and dotted; the API turns it into problem+json. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const notFound = (what: string) => new AppError(404, `${what}.not_found`, `No such ${what}`)
export const forbidden = (message = 'Your role does not allow this') =>
  new AppError(403, 'auth.forbidden', message)
export const versionMismatch = (current?: number) =>
  new AppError(412, 'version.mismatch', 'The record was changed by someone else; reload it and try again', {
    currentVersion: current,
  })
