/** `part / whole` as partial credit; nothing to judge (`whole` 0) earns nothing. */
export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
