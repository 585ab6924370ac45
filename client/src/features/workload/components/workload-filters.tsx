import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useQuery } from '@tanstack/react-query';
import { DateField } from '@/components/date-field';
import { cliniciansQueryOptions } from '@/lib/queries';
import { formatDate } from '@/utils/format';
import type { WorkloadSearch } from '../search-params';

const ALL = '';

interface WorkloadFiltersProps {
  search: WorkloadSearch;
  /** The period the server used (defaults applied), shown in the date fields. */
  period: { from: string; to: string };
  onChange: (next: WorkloadSearch) => void;
}

/**
 * Period (inclusive dates, server time zone) and clinician; both live in the address bar. A date is
 * applied once it is complete and valid (`DateField`): a half-typed year never reaches the URL.
 */
export function WorkloadFilters({ search, period, onChange }: WorkloadFiltersProps) {
  const clinicians = useQuery(cliniciansQueryOptions());
  const options = clinicians.data ?? [];
  const selectedKnown = !search.clinician || options.some((c) => c.id === search.clinician);

  return (
    <Box
      role="search"
      aria-label="Workload filters"
      sx={{
        display: 'grid',
        gap: 1.5,
        alignItems: 'start',
        gridTemplateColumns: { xs: '1fr 1fr', md: '170px 170px minmax(200px, 280px) auto' },
        mb: 2,
      }}
    >
      <DateField
        label="From"
        value={period.from}
        max={period.to}
        maxMessage={`Must be on or before the end date (${formatDate(period.to)}).`}
        clearable={false}
        width="100%"
        onCommit={(from) => {
          if (from) onChange({ ...search, from, to: period.to });
        }}
      />
      <DateField
        label="To"
        value={period.to}
        min={period.from}
        minMessage={`Must be on or after the start date (${formatDate(period.from)}).`}
        clearable={false}
        width="100%"
        onCommit={(to) => {
          if (to) onChange({ ...search, from: period.from, to });
        }}
      />
      <TextField
        select
        label="Clinician"
        value={selectedKnown ? (search.clinician ?? ALL) : ALL}
        onChange={(event) => onChange({ ...search, clinician: event.target.value || undefined })}
        slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
      >
        <MenuItem value={ALL}>All clinicians</MenuItem>
        {options.map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {c.name}
          </MenuItem>
        ))}
      </TextField>
      <Button
        variant="text"
        onClick={() => onChange({ clinician: search.clinician })}
        disabled={!search.from && !search.to}
        sx={{ alignSelf: 'center', justifySelf: 'start' }}
      >
        Last 12 weeks
      </Button>
    </Box>
  );
}
