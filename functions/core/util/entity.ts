/** Version and timestamps for a new record, and for the next version of an existing one. */
export function created() {
  const now = new Date().toISOString()
  return { version: 1, createdAt: now, updatedAt: now }
}

export function bumped<T extends { version: number }>(current: T) {
  return { version: current.version + 1, updatedAt: new Date().toISOString() }
}
