import Button, { type ButtonProps } from '@mui/material/Button';
import MuiLink, { type LinkProps as MuiLinkProps } from '@mui/material/Link';
import { createLink } from '@tanstack/react-router';

// Type-safe router links rendered as MUI components: `<ButtonLink to="/worklist">` checks `to`,
// `params` and `search` against the route tree.

function ButtonAnchor(props: ButtonProps<'a'>) {
  return <Button component="a" {...props} />;
}

function TextAnchor(props: MuiLinkProps) {
  return <MuiLink {...props} />;
}

export const ButtonLink = createLink(ButtonAnchor);
export const TextLink = createLink(TextAnchor);
