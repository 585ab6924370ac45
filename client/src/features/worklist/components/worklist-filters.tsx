import SearchIcon from '@mui/icons-material/Search';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useQuery } from '@tanstack/react-query';
import { cliniciansQueryOptions } from '@/lib/queries';
import {
  hasFilters,
  type WorklistSearch,
  type WorklistStageFilter,
  type WorklistStatusFilter,
} from '../search-params';

const ANY = '';

const statusOptions: { value: WorklistStatusFilter; label: string }[] = [
  { value: 'none', label: 'Not started' },
  { value: 'draft', label: 'Draft' },
  { value: 'amending', label: 'Amending' },
  { value: 'signed', label: 'Signed' },
];

const stageOptions: { value: WorklistStageFilter; label: string }[] = [
  { value: 'history', label: 'History' },
  { value: 'exam', label: 'Exam' },
  { value: 'labs', label: 'Labs' },
  { value: 'imaging', label: 'Imaging' },
  { value: 'signed', label: 'Complete' },
];

export type FilterPatch = Partial<Pick<WorklistSearch, 'status' | 'stage' | 'assignee' | 'followUpDue'>>;

interface WorklistFiltersProps {
  filters: WorklistSearch;
  onFiltersChange: (patch: FilterPatch) => void;
  /** The free-text search: component state only, never the address bar (it is PHI). */
  text: string;
  onTextChange: (text: string) => void;
  currentUserId?: string | undefined;
}

export function WorklistFilters({
  filters,
  onFiltersChange,
  text,
  onTextChange,
  currentUserId,
}: WorklistFiltersProps) {
  const clinicians = useQuery(cliniciansQueryOptions());
  const options = clinicians.data ?? [];
  const assigneeKnown = !filters.assignee || options.some((c) => c.id === filters.assignee);

  return (
    <Box
      role="search"
      aria-label="Filter patients"
      sx={{
        display: 'grid',
        gap: 1.5,
        alignItems: 'center',
        gridTemplateColumns: {
          xs: '1fr',
          sm: '1fr 1fr',
          // Fits a 1024 px screen (no sideways scrolling): search widest, then the three selects.
          md: 'minmax(180px, 2fr) repeat(3, minmax(120px, 1fr)) auto auto',
        },
        p: 2,
      }}
    >
      <TextField
        label="Search name or MRN"
        type="search"
        value={text}
        onChange={(event) => onTextChange(event.target.value)}
        // The browser must not remember patient names or MRNs typed here.
        autoComplete="off"
        slotProps={{
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" aria-hidden />
              </InputAdornment>
            ),
          },
          htmlInput: { maxLength: 200, spellCheck: false },
        }}
      />
      <TextField
        select
        label="Status"
        value={filters.status ?? ANY}
        onChange={(event) =>
          onFiltersChange({ status: (event.target.value || undefined) as WorklistStatusFilter | undefined })
        }
      >
        <MenuItem value={ANY}>Any status</MenuItem>
        {statusOptions.map((option) => (
          <MenuItem key={option.value} value={option.value}>
            {option.label}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label="Stage"
        value={filters.stage ?? ANY}
        onChange={(event) =>
          onFiltersChange({ stage: (event.target.value || undefined) as WorklistStageFilter | undefined })
        }
      >
        <MenuItem value={ANY}>Any stage</MenuItem>
        {stageOptions.map((option) => (
          <MenuItem key={option.value} value={option.value}>
            {option.label}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label="Assignee"
        value={filters.assignee ?? ANY}
        onChange={(event) => onFiltersChange({ assignee: event.target.value || undefined })}
        error={clinicians.isError}
        helperText={clinicians.isError ? 'Could not load clinicians' : undefined}
      >
        <MenuItem value={ANY}>Anyone</MenuItem>
        {options.map((clinician) => (
          <MenuItem key={clinician.id} value={clinician.id}>
            {clinician.id === currentUserId ? `${clinician.name} (you)` : clinician.name}
          </MenuItem>
        ))}
        {assigneeKnown ? null : (
          <MenuItem value={filters.assignee}>
            {clinicians.isPending ? 'Loading…' : 'Unknown clinician'}
          </MenuItem>
        )}
      </TextField>
      <FormControlLabel
        control={
          <Switch
            checked={filters.followUpDue === true}
            onChange={(event) => onFiltersChange({ followUpDue: event.target.checked ? true : undefined })}
          />
        }
        label="Follow-up due"
        sx={{ mr: 0, whiteSpace: 'nowrap' }}
      />
      <Button
        variant="text"
        disabled={!hasFilters(filters) && !text}
        onClick={() => {
          onTextChange('');
          onFiltersChange({
            status: undefined,
            stage: undefined,
            assignee: undefined,
            followUpDue: undefined,
          });
        }}
      >
        Clear
      </Button>
    </Box>
  );
}
