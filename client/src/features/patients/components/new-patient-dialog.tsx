import { useNavigate } from '@tanstack/react-router';
import { useCreatePatient } from '../api';
import { emptyPatientForm } from '../patient-form';
import { PatientFormDialog } from './patient-form-dialog';

/**
 * The "New patient" dialog; a saved patient opens on their own page. Loaded on demand by
 * NewPatientButton: the form (date picker, validation schemas) is not part of the worklist's chunk.
 */
export default function NewPatientDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreatePatient();
  const navigate = useNavigate();
  return (
    <PatientFormDialog
      open={open}
      title="New patient"
      submitLabel="Add patient"
      initialValues={emptyPatientForm}
      saving={create.isPending}
      onClose={onClose}
      onSubmit={async (input) => {
        const patient = await create.mutateAsync(input);
        onClose();
        await navigate({ to: '/patients/$patientId', params: { patientId: patient.id } });
      }}
    />
  );
}
