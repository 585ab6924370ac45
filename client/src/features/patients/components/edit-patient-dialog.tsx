import Alert from '@mui/material/Alert';
import type { Sex } from '@rls/shared';
import { sexLabels } from '@/utils/labels';
import { useUpdatePatient } from '../api';
import { patientChanges } from '../patient-form';
import { itemsDisabledBySexChange } from '../sex-change';
import type { PatientDetail } from '../types';
import { PatientFormDialog } from './patient-form-dialog';

interface EditPatientDialogProps {
  patient: PatientDetail;
  open: boolean;
  onClose: () => void;
}

export function EditPatientDialog({ patient, open, onClose }: EditPatientDialogProps) {
  const update = useUpdatePatient(patient.id);
  const openEvaluation = patient.evaluations.find((e) => e.status !== 'signed');
  const saved = { mrn: patient.mrn, name: patient.name, birthDate: patient.birthDate, sex: patient.sex };

  return (
    <PatientFormDialog
      open={open}
      title="Edit patient details"
      submitLabel="Save"
      initialValues={saved}
      saving={update.isPending}
      onClose={onClose}
      onSubmit={async (input) => {
        const patch = patientChanges(saved, input);
        if (Object.keys(patch).length > 0) await update.mutateAsync({ patch, version: patient.version });
        onClose();
      }}
      notice={(values) =>
        openEvaluation && values.sex && values.sex !== patient.sex ? (
          <SexChangeWarning
            from={patient.sex}
            to={values.sex}
            birthDate={values.birthDate || patient.birthDate}
            workflowVersion={openEvaluation.workflowVersion}
          />
        ) : null
      }
    />
  );
}

function SexChangeWarning(props: { from: Sex; to: Sex; birthDate: string; workflowVersion: number }) {
  const labels = itemsDisabledBySexChange(props.from, props.to, props.birthDate, props.workflowVersion);
  if (labels.length === 0) return null;
  return (
    <Alert severity="warning">
      Changing sex to {sexLabels[props.to]} clears these answers in the open evaluation:{' '}
      <strong>{labels.join(', ')}</strong>, and answers that depend on them.
    </Alert>
  );
}
