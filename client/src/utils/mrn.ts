/**
 * An MRN as it reads in a header: `MRN-200058` stays as it is (it already says what it is), a bare
 * number gets its name in front: `200058` → `MRN 200058`.
 */
export function mrnText(mrn: string): string {
  return /^MRN/i.test(mrn.trim()) ? mrn : `MRN ${mrn}`;
}
