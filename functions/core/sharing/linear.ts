/**
 * Exact linear algebra for disclosure control, modulo a prime (so integers never overflow): a vector lies
 * in the span of others over the rationals exactly when it does modulo p, except when p divides one of a
 * few small determinants — odds of about one in 67 million per check, and such a miss errs on the safe
 * side (a cell thought derivable is withheld). Vectors are sparse: variable index → coefficient.
 */
export const P = 67_108_859 // 2^26 − 5, prime; P² < 2^53, so products stay exact in a double

export type Vec = Map<number, number>

const mod = (a: number) => ((a % P) + P) % P
function inverse(a: number) {
  let result = 1
  let base = mod(a)
  for (let e = P - 2; e > 0; e = Math.floor(e / 2)) {
    if (e % 2) result = (result * base) % P
    base = (base * base) % P
  }
  return result
}

/** v -= c·w (mod P), dropping zeros */
function subtract(v: Vec, w: Vec, c: number) {
  for (const [k, x] of w) {
    const next = mod((v.get(k) ?? 0) - c * x)
    if (next) v.set(k, next)
    else v.delete(k)
  }
}

interface Row {
  pivot: number
  vec: Vec
  /** which published rows (by id) this row is a combination of: the certificate of a derivation */
  cert: Vec
}

/**
 * A row-echelon basis built in insertion order: each new row is reduced by every earlier one, so one pass
 * over the basis, oldest first, reduces any vector fully.
 */
export class Basis {
  private rows: Row[] = []

  private reduce(vec: Vec, cert: Vec) {
    for (const row of this.rows) {
      const c = vec.get(row.pivot)
      if (!c) continue
      subtract(vec, row.vec, c)
      subtract(cert, row.cert, c)
    }
  }

  /** adds a known relation; `id` names it in certificates (negative ids are structural, never withheld) */
  add(vector: Vec, id: number) {
    const vec = new Map(vector)
    const cert: Vec = new Map([[id, 1]])
    this.reduce(vec, cert)
    const first = vec.entries().next()
    if (first.done) return
    const [pivot, c] = first.value
    const inv = inverse(c)
    for (const [k, x] of vec) vec.set(k, (x * inv) % P)
    for (const [k, x] of cert) cert.set(k, (x * inv) % P)
    this.rows.push({ pivot, vec, cert })
  }

  /** undefined when `vector` is not in the span; else the ids of the relations that derive it */
  derivation(vector: Vec): number[] | undefined {
    const vec = new Map(vector)
    const cert: Vec = new Map()
    this.reduce(vec, cert)
    if (vec.size) return undefined
    return [...cert.keys()]
  }
}
