import InfoOutlinedIcon from '@mui/icons-material/InfoOutlined';
import Collapse from '@mui/material/Collapse';
import IconButton from '@mui/material/IconButton';
import Typography from '@mui/material/Typography';

interface HelpButtonProps {
  label: string;
  open: boolean;
  onToggle: () => void;
  /** Id of the help text it shows. */
  controls: string;
}

/** The info button of an item: "Help for <label>", toggling the item's help text. */
export function HelpButton({ label, open, onToggle, controls }: HelpButtonProps) {
  return (
    <IconButton
      size="small"
      aria-label={`Help for ${label}`}
      aria-expanded={open}
      aria-controls={controls}
      onClick={onToggle}
      sx={{ p: 0.25, color: open ? 'primary.main' : 'text.secondary' }}
    >
      <InfoOutlinedIcon fontSize="small" aria-hidden />
    </IconButton>
  );
}

export function HelpText({ id, open, children }: { id: string; open: boolean; children: string }) {
  return (
    <Collapse in={open} id={id}>
      <Typography
        variant="body2"
        color="textSecondary"
        sx={{ mt: 0.5, mb: 0.5, pl: 1, borderLeft: 3, borderColor: 'primary.light' }}
      >
        {children}
      </Typography>
    </Collapse>
  );
}
