import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { cliniciansQueryOptions } from '@/lib/queries';
import type { WorkloadSearch } from '../search-params';

const ALL = '';

interface WorkloadFiltersProps {
  search: WorkloadSearch;
  /** The period the server used (defaults applied), shown in the date fields. */
  period: { from: string; to: string };
  onChange: (next: WorkloadSearch) => void;
}

/** Period (inclusive dates, server time zone) and clinician; both live in the address bar. */
export function WorkloadFilters({ search, period, onChange }: WorkloadFiltersProps) {
  const clinicians = useQuery(cliniciansQueryOptions());
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  useEffect(() => {
    setFrom(period.from);
    setTo(period.to);
  }, [period.from, period.to]);

  const rangeError = from && to && from > to ? 'Must be on or before the end date' : undefined;
  const apply = (nextFrom: string, nextTo: string) => {
    if (!nextFrom || !nextTo || nextFrom > nextTo) return;
    onChange({ ...search, from: nextFrom, to: nextTo });
  };
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
      <TextField
        type="date"
        label="From"
        value={from}
        error={Boolean(rangeError)}
        helperText={rangeError}
        onChange={(event) => {
          setFrom(event.target.value);
          apply(event.target.value, to);
        }}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <TextField
        type="date"
        label="To"
        value={to}
        onChange={(event) => {
          setTo(event.target.value);
          apply(from, event.target.value);
        }}
        slotProps={{ inputLabel: { shrink: true } }}
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
