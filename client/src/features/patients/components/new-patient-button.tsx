import PersonAddAlt1Icon from '@mui/icons-material/PersonAddAlt1';
import Button from '@mui/material/Button';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useCreatePatient } from '../api';
import { emptyPatientForm } from '../patient-form';
import { PatientFormDialog } from './patient-form-dialog';

/** "New patient" button and dialog; a saved patient opens on their own page. */
export function NewPatientButton() {
  const [open, setOpen] = useState(false);
  const create = useCreatePatient();
  const navigate = useNavigate();

  return (
    <>
      <Button variant="contained" startIcon={<PersonAddAlt1Icon aria-hidden />} onClick={() => setOpen(true)}>
        New patient
      </Button>
      <PatientFormDialog
        open={open}
        title="New patient"
        submitLabel="Add patient"
        initialValues={emptyPatientForm}
        saving={create.isPending}
        onClose={() => setOpen(false)}
        onSubmit={async (input) => {
          const patient = await create.mutateAsync(input);
          setOpen(false);
          await navigate({ to: '/patients/$patientId', params: { patientId: patient.id } });
        }}
      />
    </>
  );
}
