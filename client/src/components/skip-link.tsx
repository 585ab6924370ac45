import { styled } from '@mui/material/styles';

export const MAIN_CONTENT_ID = 'main-content';

/** First focusable element on every page; visible only when focused. */
const SkipAnchor = styled('a')(({ theme }) => ({
  position: 'absolute',
  left: theme.spacing(1),
  top: theme.spacing(1),
  zIndex: theme.zIndex.tooltip + 1,
  padding: theme.spacing(1, 2),
  borderRadius: theme.shape.borderRadius,
  backgroundColor: theme.palette.background.paper,
  color: theme.palette.primary.dark,
  fontWeight: 600,
  outline: `2px solid ${theme.palette.primary.main}`,
  transform: 'translateY(-200%)',
  '&:focus': { transform: 'none' },
}));

export function SkipLink() {
  return <SkipAnchor href={`#${MAIN_CONTENT_ID}`}>Skip to main content</SkipAnchor>;
}
