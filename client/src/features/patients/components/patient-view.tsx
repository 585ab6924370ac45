import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { ButtonLink } from '@/components/link';
import { PageHeader } from '@/components/page-header';
import { ageInYears, formatDate } from '@/utils/format';
import { sexLabels } from '@/utils/labels';
import { mrnText } from '@/utils/mrn';
import type { PatientDetail } from '../types';
import { EditPatientDialog } from './edit-patient-dialog';
import { EvaluationAction } from './evaluation-action';
import { EvaluationsTable } from './evaluations-table';
import { KeyValueComparison } from './key-value-comparison';
import { NextFollowUp } from './next-follow-up';
import { TrendsSection } from './trends-section';
import { compareKeyValues } from '../key-values';

export function PatientView({ patient }: { patient: PatientDetail }) {
  const [editing, setEditing] = useState(false);
  const age = ageInYears(patient.birthDate);
  const hasComparison = compareKeyValues(patient.evaluations) !== null;

  return (
    <>
      <ButtonLink
        to="/worklist"
        size="small"
        startIcon={<ArrowBackIcon aria-hidden />}
        sx={{ mb: 1, ml: -1 }}
      >
        Worklist
      </ButtonLink>
      <PageHeader
        title={patient.name}
        description={`${mrnText(patient.mrn)} · ${sexLabels[patient.sex]} · born ${formatDate(patient.birthDate)}${
          age !== null ? ` (${age} y)` : ''
        }`}
        actions={<EvaluationAction patient={patient} />}
      />
      <NextFollowUp patient={patient} />

      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: {
            xs: '1fr',
            md: hasComparison ? 'minmax(280px, 1fr) 2fr' : 'minmax(280px, 520px)',
          },
          alignItems: 'start',
          mb: 2,
        }}
      >
        <Paper variant="outlined" component="section" aria-labelledby="demographics-title" sx={{ p: 2 }}>
          <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
            <Typography id="demographics-title" variant="h2">
              Demographics
            </Typography>
            <Button
              size="small"
              startIcon={<EditOutlinedIcon aria-hidden />}
              onClick={() => setEditing(true)}
            >
              Edit
            </Button>
          </Box>
          <Box
            component="dl"
            sx={{
              display: 'grid',
              gridTemplateColumns: 'auto 1fr',
              columnGap: 2,
              rowGap: 0.75,
              m: 0,
              '& dt': { color: 'text.secondary' },
              '& dd': { m: 0, fontWeight: 500 },
            }}
          >
            <dt>Name</dt>
            <dd>{patient.name}</dd>
            <dt>MRN</dt>
            <dd>{patient.mrn}</dd>
            <dt>Birth date</dt>
            <dd>
              {formatDate(patient.birthDate)}
              {age !== null ? ` (${age} years)` : ''}
            </dd>
            <dt>Sex</dt>
            <dd>{sexLabels[patient.sex]}</dd>
          </Box>
        </Paper>

        {hasComparison ? (
          <Paper variant="outlined" sx={{ p: 2 }}>
            <KeyValueComparison evaluations={patient.evaluations} />
          </Paper>
        ) : null}
      </Box>

      {patient.evaluations.length > 0 ? (
        <TrendsSection
          patientId={patient.id}
          visitOrder={[...patient.evaluations].reverse().map((e) => e.id)}
        />
      ) : null}

      <Paper variant="outlined" component="section" aria-labelledby="evaluations-title">
        <Typography id="evaluations-title" variant="h2" sx={{ px: 2, pt: 2, pb: 1 }}>
          Evaluations
        </Typography>
        <EvaluationsTable evaluations={patient.evaluations} />
      </Paper>

      <EditPatientDialog patient={patient} open={editing} onClose={() => setEditing(false)} />
    </>
  );
}
