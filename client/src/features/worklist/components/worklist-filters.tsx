import SearchIcon from '@mui/icons-material/Search';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import InputAdornment from '@mui/material/InputAdornment';
import Switch from '@mui/material/Switch';
import { useQuery } from '@tanstack/react-query';
import { SelectInput, TextInput } from '@/components/text-input';
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
      <TextInput
        label="Search name or MRN"
        type="search"
        value={text}
        onChange={(event) => onTextChange(event.target.value)}
        // The browser must not remember patient names or MRNs typed here.
        autoComplete="off"
        startAdornment={
          <InputAdornment position="start">
            <SearchIcon fontSize="small" aria-hidden />
          </InputAdornment>
        }
        inputProps={{ maxLength: 200, spellCheck: false }}
      />
      <SelectInput
        label="Status"
        value={filters.status ?? ANY}
        onChange={(value) =>
          onFiltersChange({ status: (value || undefined) as WorklistStatusFilter | undefined })
        }
      >
        <option value={ANY}>Any status</option>
        {statusOptions.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </SelectInput>
      <SelectInput
        label="Stage"
        value={filters.stage ?? ANY}
        onChange={(value) =>
          onFiltersChange({ stage: (value || undefined) as WorklistStageFilter | undefined })
        }
      >
        <option value={ANY}>Any stage</option>
        {stageOptions.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </SelectInput>
      <SelectInput
        label="Assignee"
        value={filters.assignee ?? ANY}
        onChange={(value) => onFiltersChange({ assignee: value || undefined })}
        error={clinicians.isError}
        helperText={clinicians.isError ? 'Could not load clinicians' : undefined}
      >
        <option value={ANY}>Anyone</option>
        {options.map((clinician) => (
          <option key={clinician.id} value={clinician.id}>
            {clinician.id === currentUserId ? `${clinician.name} (you)` : clinician.name}
          </option>
        ))}
        {assigneeKnown ? null : (
          <option value={filters.assignee}>{clinicians.isPending ? 'Loading…' : 'Unknown clinician'}</option>
        )}
      </SelectInput>
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
