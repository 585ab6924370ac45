/** A DOM id for an item code (`lab.ferritin` → `field-lab-ferritin`). */
export function fieldId(code: string, suffix?: string): string {
  const base = `field-${code.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return suffix ? `${base}-${suffix}` : base;
}
