import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv';

describe('CSV export', () => {
  it('quotes fields with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Dr. Cole, Ben')).toBe('"Dr. Cole, Ben"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(4.25)).toBe('4.25');
    expect(csvField(-3)).toBe('-3');
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@sum')).toBe("'@sum");
  });

  it('writes a header row and one CRLF-terminated line per row', () => {
    const csv = toCsv(
      [
        { name: 'Dr. Ana Ferreira', open: 5 },
        { name: 'Cole, Ben', open: 3 },
      ],
      [
        { header: 'Clinician', value: (r) => r.name },
        { header: 'Open', value: (r) => r.open },
      ],
    );
    expect(csv).toBe('Clinician,Open\r\nDr. Ana Ferreira,5\r\n"Cole, Ben",3\r\n');
  });
});
