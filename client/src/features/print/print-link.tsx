import PrintIcon from '@mui/icons-material/Print';
import type { ButtonProps } from '@mui/material/Button';
import { ButtonLink } from '@/components/link';

interface PrintLinkProps {
  evaluationId: string;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
}

/** Opens the print view of an evaluation (for the workspace header). */
export function PrintLink({ evaluationId, variant = 'outlined', size }: PrintLinkProps) {
  return (
    <ButtonLink
      to="/evaluations/$evaluationId/print"
      params={{ evaluationId }}
      variant={variant}
      size={size}
      startIcon={<PrintIcon aria-hidden />}
    >
      Print view
    </ButtonLink>
  );
}
