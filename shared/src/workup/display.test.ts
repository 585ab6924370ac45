import { describe, expect, it } from 'vitest';
import {
  ABI_COMPRESSION_MIN,
  ABI_NORMAL_MAX,
  ABI_NORMAL_MIN,
  ABI_PAD_MAX,
  TBI_PAD_MAX,
} from './assess/arterial';
import {
  DEEP_REFLUX_MS,
  PERFORATOR_DIAMETER_MM,
  PERFORATOR_REFLUX_MS,
  SUPERFICIAL_REFLUX_MS,
} from './assess/venous';
import {
  ABI_REFERENCE_RANGE,
  DUPLEX_PATHOLOGIC_TEXT,
  IRLS_BAND_LABELS,
  isPathologicDuplexValue,
  irlsBandLabel,
  labFlag,
  referenceRangeText,
  tsatOf,
  unitLabel,
} from './display';
import { getItem } from './items';
import { getWorkup } from './registry';

const workup = getWorkup();
const item = (code: string) => {
  const found = getItem(workup, code);
  if (!found) throw new Error(code);
  return found;
};

describe('unitLabel', () => {
  it.each([
    ['ug/dL', 'µg/dL'],
    ['mL/min/{1.73_m2}', 'mL/min/1.73 m²'],
    ['m[IU]/L', 'mIU/L'],
    ['ng/mL', 'ng/mL'],
    ['1', ''],
    [undefined, ''],
  ])('%s → %j', (unit, label) => {
    expect(unitLabel(unit)).toBe(label);
  });
});

describe('referenceRangeText', () => {
  it('writes both bounds with the unit as a clinician writes it', () => {
    expect(referenceRangeText(item('lab.iron'))).toBe('50–150 µg/dL');
    expect(referenceRangeText(item('lab.tsat'))).toBe('20–50 %');
    expect(referenceRangeText(item('lab.tsh'))).toBe('0.4–4 mIU/L');
  });

  it("prefers the definition's own wording (sex-specific ranges, notes on the cut-off)", () => {
    expect(referenceRangeText(item('lab.ferritin'))).toBe('F 24–307, M 24–336');
    expect(referenceRangeText(item('lab.egfr'))).toBe('≥60 (≥90 normal)');
  });

  it('writes a one-sided range as inclusive, as the flag reads it', () => {
    expect(referenceRangeText({ unit: 'mL/min/{1.73_m2}', referenceRange: { low: 60 } })).toBe(
      '≥ 60 mL/min/1.73 m²',
    );
    expect(referenceRangeText({ unit: '%', referenceRange: { high: 5.7 } })).toBe('≤ 5.7 %');
  });

  it('leaves out a dimensionless unit and is undefined without a range', () => {
    expect(referenceRangeText({ unit: '1', referenceRange: { low: 1, high: 2 } })).toBe('1–2');
    expect(referenceRangeText({ unit: '1', referenceRange: {} })).toBeUndefined();
    expect(referenceRangeText(item('irls.total'))).toBeUndefined();
  });
});

describe('labFlag', () => {
  it.each([
    [49.9, 'L'],
    [50, undefined],
    [150, undefined],
    [150.1, 'H'],
  ])('serum iron %d → %s (bounds are in range)', (value, flag) => {
    expect(labFlag(item('lab.iron'), value)).toBe(flag);
  });

  it('flags one-sided ranges on their side only', () => {
    expect(labFlag({ referenceRange: { low: 60 } }, 59)).toBe('L');
    expect(labFlag({ referenceRange: { low: 60 } }, 500)).toBeUndefined();
    expect(labFlag({ referenceRange: { high: 5.7 } }, 5.8)).toBe('H');
    expect(labFlag({ referenceRange: { high: 5.7 } }, 0)).toBeUndefined();
  });

  it('does not flag a missing value or an item without a range', () => {
    expect(labFlag(item('lab.iron'), undefined)).toBeUndefined();
    expect(labFlag(item('lab.iron'), '20')).toBeUndefined();
    expect(labFlag(item('irls.total'), 40)).toBeUndefined();
  });
});

describe('ABI reference', () => {
  it('is the normal band of the arterial rules, 1.00–1.40', () => {
    expect([ABI_PAD_MAX, ABI_NORMAL_MIN, ABI_NORMAL_MAX, ABI_COMPRESSION_MIN, TBI_PAD_MAX]).toEqual([
      0.9, 1.0, 1.4, 0.6, 0.7,
    ]);
    expect(referenceRangeText({ unit: '1', referenceRange: ABI_REFERENCE_RANGE })).toBe('1.00–1.40');
  });

  it.each([
    [0.99, 'L'],
    [1.0, undefined],
    [1.4, undefined],
    [1.41, 'H'],
  ])('ABI %d → %s', (value, flag) => {
    expect(labFlag({ referenceRange: ABI_REFERENCE_RANGE }, value)).toBe(flag);
  });
});

describe('irlsBandLabel', () => {
  it.each([
    [0, 'no symptoms'],
    [1, 'mild'],
    [10, 'mild'],
    [11, 'moderate'],
    [20, 'moderate'],
    [21, 'severe'],
    [30, 'severe'],
    [31, 'very severe'],
    [40, 'very severe'],
  ])('IRLS %d → %s', (total, label) => {
    expect(irlsBandLabel(total)).toBe(label);
  });

  it('has a label for every band', () => {
    expect(Object.keys(IRLS_BAND_LABELS)).toEqual(['none', 'mild', 'moderate', 'severe', 'very-severe']);
  });
});

describe('tsatOf', () => {
  it('takes TSAT as entered, even with iron and TIBC given', () => {
    expect(tsatOf({ 'lab.tsat': 15, 'lab.iron': 100, 'lab.tibc': 400 })).toEqual({
      value: 15,
      computed: false,
    });
  });

  it('computes serum iron ÷ TIBC × 100, unrounded, when TSAT is not entered', () => {
    expect(tsatOf({ 'lab.iron': 100, 'lab.tibc': 400 })).toEqual({ value: 25, computed: true });
    expect(tsatOf({ 'lab.iron': 50, 'lab.tibc': 300 })?.value).toBeCloseTo(16.6667, 4);
  });

  it('is undefined when either is missing or TIBC is not positive', () => {
    expect(tsatOf({})).toBeUndefined();
    expect(tsatOf({ 'lab.iron': 100 })).toBeUndefined();
    expect(tsatOf({ 'lab.tibc': 400 })).toBeUndefined();
    expect(tsatOf({ 'lab.iron': 100, 'lab.tibc': 0 })).toBeUndefined();
  });
});

describe('duplex values past the venous rules’ thresholds (SVS-VV-2022)', () => {
  it('marks superficial reflux above 500 ms, deep above 1000 ms, perforator from 500 ms and 3.5 mm', () => {
    const marked = (code: string, value: unknown) => isPathologicDuplexValue(code, value);
    expect(marked('duplex.refluxMs.gsv.left', SUPERFICIAL_REFLUX_MS)).toBe(false);
    expect(marked('duplex.refluxMs.gsv.left', SUPERFICIAL_REFLUX_MS + 1)).toBe(true);
    expect(marked('duplex.refluxMs.ssv.right', 800)).toBe(true);
    expect(marked('duplex.refluxMs.cfv.right', 800)).toBe(false);
    expect(marked('duplex.refluxMs.fv.left', DEEP_REFLUX_MS)).toBe(false);
    expect(marked('duplex.refluxMs.pop.left', DEEP_REFLUX_MS + 1)).toBe(true);
    expect(marked('duplex.refluxMs.perf.left', PERFORATOR_REFLUX_MS - 1)).toBe(false);
    expect(marked('duplex.refluxMs.perf.left', PERFORATOR_REFLUX_MS)).toBe(true);
    expect(marked('duplex.perfDiameterMm.right', PERFORATOR_DIAMETER_MM)).toBe(true);
    expect(marked('duplex.perfDiameterMm.right', 3.4)).toBe(false);
    expect(marked('duplex.refluxMs.gsv.left', undefined)).toBe(false);
    expect(marked('abi.left', 5000)).toBe(false);
  });

  it('words the same thresholds for the printout', () => {
    expect(DUPLEX_PATHOLOGIC_TEXT).toBe(
      'GSV, SSV > 500 ms; CFV, FV, popliteal > 1000 ms; perforator ≥ 500 ms with diameter ≥ 3.5 mm',
    );
  });
});
