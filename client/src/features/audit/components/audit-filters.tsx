import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { AUDIT_ACTIONS } from '@rls/shared';
import { useState, type FormEvent } from 'react';
import { DateField } from '@/components/date-field';
import { formatDate } from '@/utils/format';
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
  // A date field's half-typed or impossible entry (its message is on the field): not applied.
  const [pending, setPending] = useState<{ from: string | null; to: string | null }>({
    from: null,
    to: null,
  });
  // Bumped by "Clear" so the date fields drop whatever was typed in them, too.
  const [resetCount, setResetCount] = useState(0);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending.from || pending.to) return;
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
    setPending({ from: null, to: null });
    setResetCount((n) => n + 1);
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
        <DateField
          key={`from-${resetCount}`}
          label="From"
          value={from || null}
          max={to || undefined}
          maxMessage={to ? `Must be on or before the end date (${formatDate(to)}).` : undefined}
          onCommit={(date) => setFrom(date ?? '')}
          onPendingChange={(message) => setPending((p) => ({ ...p, from: message }))}
        />
        <DateField
          key={`to-${resetCount}`}
          label="To"
          value={to || null}
          min={from || undefined}
          minMessage={from ? `Must be on or after the start date (${formatDate(from)}).` : undefined}
          onCommit={(date) => setTo(date ?? '')}
          onPendingChange={(message) => setPending((p) => ({ ...p, to: message }))}
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
