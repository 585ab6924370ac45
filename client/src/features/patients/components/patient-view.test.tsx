import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clinicianSession } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render-with-providers';
import { newPatient } from '../test-fixtures';
import { PatientView } from './patient-view';

describe('patient page header', () => {
  it('names the MRN once: "MRN-000909", not "MRN MRN-000909"', async () => {
    renderWithProviders(<PatientView patient={newPatient} />, { session: clinicianSession });

    expect(await screen.findByRole('heading', { level: 1, name: 'Robin Hale' })).toBeInTheDocument();
    expect(screen.getByText(/^MRN-000909 · Male · born 1 Jul 1980/)).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('MRN MRN-');
  });

  it('still says what a bare number is', async () => {
    renderWithProviders(<PatientView patient={{ ...newPatient, mrn: '200058' }} />, {
      session: clinicianSession,
    });

    expect(await screen.findByText(/^MRN 200058 · Male/)).toBeInTheDocument();
  });
});
