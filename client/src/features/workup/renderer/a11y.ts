import type { SxProps, Theme } from '@mui/material/styles';

/** Read by screen readers, not shown. */
export const visuallyHidden: SxProps<Theme> = {
  border: 0,
  clip: 'rect(0 0 0 0)',
  height: '1px',
  margin: '-1px',
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  whiteSpace: 'nowrap',
  width: '1px',
};

/** A DOM id for an item code (`lab.ferritin` → `field-lab-ferritin`). */
export function fieldId(code: string, suffix?: string): string {
  const base = `field-${code.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return suffix ? `${base}-${suffix}` : base;
}
