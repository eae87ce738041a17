/** A cell as a spreadsheet reads it: quoted when it holds a separator, a quote or a line break; a leading = + - @ is not a formula. */
const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v)
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s
  return /[",\n\r;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}
export const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`
