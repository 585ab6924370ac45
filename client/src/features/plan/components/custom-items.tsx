import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { PLAN_CUSTOM_MAX_ITEMS, PLAN_CUSTOM_MAX_LENGTH } from '@rls/shared';
import { useState } from 'react';

interface CustomItemsProps {
  items: readonly string[];
  readOnly: boolean;
  onChange: (items: string[]) => void;
}

/** Why `text` cannot be added, or null (limits from the shared plan schema). */
function addError(text: string, items: readonly string[]): string | null {
  if (!text) return 'Type the plan item first.';
  if (text.length > PLAN_CUSTOM_MAX_LENGTH) return `At most ${PLAN_CUSTOM_MAX_LENGTH} characters.`;
  if (items.length >= PLAN_CUSTOM_MAX_ITEMS)
    return `A plan holds at most ${PLAN_CUSTOM_MAX_ITEMS} own items.`;
  if (items.includes(text)) return 'This item is already in the plan.';
  return null;
}

/** The clinician's own free-text plan items: add and remove. */
export function CustomItems({ items, readOnly, onChange }: CustomItemsProps) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);

  const add = () => {
    const text = draft.trim();
    const problem = addError(text, items);
    setError(problem);
    if (problem) return;
    onChange([...items, text]);
    setDraft('');
  };

  return (
    <Box component="section" aria-labelledby="plan-custom-heading">
      <Typography variant="h3" id="plan-custom-heading" sx={{ mb: 1 }}>
        Own plan items
      </Typography>
      <Paper variant="outlined">
        {items.length === 0 ? (
          <Typography color="textSecondary" sx={{ px: 2, py: 1.5 }}>
            No own items.
          </Typography>
        ) : (
          <List dense aria-labelledby="plan-custom-heading">
            {items.map((item) => (
              <ListItem
                key={item}
                secondaryAction={
                  readOnly ? undefined : (
                    <IconButton
                      edge="end"
                      aria-label={`Remove plan item: ${item}`}
                      onClick={() => onChange(items.filter((i) => i !== item))}
                    >
                      <DeleteOutlineIcon />
                    </IconButton>
                  )
                }
              >
                <ListItemText primary={item} sx={{ overflowWrap: 'anywhere' }} />
              </ListItem>
            ))}
          </List>
        )}
        {readOnly ? null : (
          <Box
            sx={{
              display: 'flex',
              gap: 1,
              alignItems: 'flex-start',
              p: 2,
              borderTop: 1,
              borderColor: 'divider',
            }}
          >
            <TextField
              label="New plan item"
              value={draft}
              error={error !== null}
              helperText={error ?? 'e.g. "Recheck ferritin and TSAT in 12 weeks". Press Enter to add.'}
              onChange={(event) => {
                setDraft(event.target.value);
                if (error) setError(null);
              }}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  add();
                }
              }}
              slotProps={{ htmlInput: { maxLength: PLAN_CUSTOM_MAX_LENGTH + 1 } }}
            />
            <Button variant="outlined" onClick={add} sx={{ flexShrink: 0, mt: 0.25 }}>
              Add item
            </Button>
          </Box>
        )}
      </Paper>
    </Box>
  );
}
