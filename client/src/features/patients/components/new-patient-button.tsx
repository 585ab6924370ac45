import PersonAddAlt1Icon from '@mui/icons-material/PersonAddAlt1';
import Button from '@mui/material/Button';
import { lazy, Suspense, useState } from 'react';

const loadDialog = () => import('./new-patient-dialog');
const NewPatientDialog = lazy(loadDialog);

/** "New patient" button and dialog (loaded when first wanted; pointing at the button starts it). */
export function NewPatientButton() {
  const [open, setOpen] = useState(false);
  // Mounted from the first click on, so the dialog's closing transition still plays.
  const [wanted, setWanted] = useState(false);

  return (
    <>
      <Button
        variant="contained"
        startIcon={<PersonAddAlt1Icon aria-hidden />}
        onPointerEnter={() => void loadDialog()}
        onFocus={() => void loadDialog()}
        onClick={() => {
          setWanted(true);
          setOpen(true);
        }}
      >
        New patient
      </Button>
      {wanted ? (
        <Suspense fallback={null}>
          <NewPatientDialog open={open} onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
}
