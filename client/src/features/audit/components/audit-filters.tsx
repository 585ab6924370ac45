import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { AUDIT_ACTIONS } from '@rls/shared';
import { useState, type FormEvent } from 'react';
import type { AuditSearch } from '../search-params';

interface AuditFiltersProps {
  search: AuditSearch;
  onApply: (filters: Omit<AuditSearch, 'sort' | 'page'>) => void;
}

/**
 * Actions offered in the list: every action the trail records, each domain led by its prefix
 * (`session.*`). Any other text, or another prefix, can be typed.
 */
const KNOWN_ACTIONS = AUDIT_ACTIONS.flatMap((action, i) => {
  const domain = action.slice(0, action.indexOf('.'));
  const previous = AUDIT_ACTIONS[i - 1];
  return previous?.startsWith(`${domain}.`) ? [action] : [`${domain}.*`, action];
});

export function AuditFilters({ search, onApply }: AuditFiltersProps) {
  const [from, setFrom] = useState(search.from ?? '');
  const [to, setTo] = useState(search.to ?? '');
  const [user, setUser] = useState(search.user ?? '');
  const [patient, setPatient] = useState(search.patient ?? '');
  const [action, setAction] = useState(search.action ?? '');
  const [outcome, setOutcome] = useState(search.outcome ?? '');

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const clean = (v: string) => (v.trim() === '' ? undefined : v.trim());
    onApply({
      from: clean(from),
      to: clean(to),
      user: clean(user),
      patient: clean(patient),
      action: clean(action),
      outcome: outcome === 'success' || outcome === 'failure' ? outcome : undefined,
    });
  }

  function clear() {
    for (const set of [setFrom, setTo, setUser, setPatient, setAction, setOutcome]) set('');
    onApply({});
  }

  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
      <Stack
        component="form"
        noValidate
        onSubmit={handleSubmit}
        aria-label="Audit filters"
        direction="row"
        useFlexGap
        spacing={2}
        sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}
      >
        <TextField
          label="From"
          type="date"
          fullWidth={false}
          sx={{ width: 170 }}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          label="To"
          type="date"
          fullWidth={false}
          sx={{ width: 170 }}
          value={to}
          onChange={(e) => setTo(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          label="User"
          fullWidth={false}
          sx={{ width: 200 }}
          value={user}
          onChange={(e) => setUser(e.target.value)}
          helperText="Username or user id"
        />
        <TextField
          label="Patient id"
          fullWidth={false}
          sx={{ width: 330 }}
          value={patient}
          onChange={(e) => setPatient(e.target.value)}
        />
        <TextField
          label="Action"
          fullWidth={false}
          sx={{ width: 220 }}
          value={action}
          onChange={(e) => setAction(e.target.value)}
          helperText="Exact, or a prefix like user.*"
          slotProps={{ htmlInput: { list: 'audit-actions' } }}
        />
        <datalist id="audit-actions">
          {KNOWN_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <TextField
          select
          label="Outcome"
          fullWidth={false}
          sx={{ width: 150 }}
          value={outcome}
          onChange={(e) => setOutcome(e.target.value)}
        >
          <MenuItem value="">Any</MenuItem>
          <MenuItem value="success">Success</MenuItem>
          <MenuItem value="failure">Failure</MenuItem>
        </TextField>
        <Stack direction="row" spacing={1} sx={{ pt: 0.25 }}>
          <Button type="submit" variant="contained">
            Apply
          </Button>
          <Button onClick={clear}>Clear</Button>
        </Stack>
      </Stack>
    </Paper>
  );
}
