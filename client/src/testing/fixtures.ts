import type { Session } from '@rls/shared';
import type { WorklistPage } from '@/features/worklist/types';

// Fictitious people only.
export const clinicianSession: Session = {
  user: { id: 'u-clin', username: 'clinician', name: 'Dr. Ana Ferreira', role: 'clinician' },
  csrfToken: 'csrf-clinician',
};

export const adminSession: Session = {
  user: { id: 'u-admin', username: 'admin', name: 'Sam Okafor', role: 'admin' },
  csrfToken: 'csrf-admin',
};

export const worklistPage: WorklistPage = {
  items: [
    {
      id: 'p1',
      mrn: 'MRN-000101',
      name: 'Jordan Ellis',
      birthDate: '1956-03-12',
      sex: 'female',
      evaluation: {
        status: 'draft',
        currentStage: 'labs',
        assigneeName: 'Dr. Ana Ferreira',
        followUpDate: null,
      },
    },
    {
      id: 'p2',
      mrn: 'MRN-000102',
      name: 'Casey Morgan',
      birthDate: '1971-11-30',
      sex: 'male',
      evaluation: null,
    },
  ],
  total: 2,
  page: 1,
  pageSize: 25,
};
