import CardActionArea, { type CardActionAreaProps } from '@mui/material/CardActionArea';
import MuiLink, { type LinkProps as MuiLinkProps } from '@mui/material/Link';
import { createLink } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { DrillSearch } from '../search-params';

function TextAnchor(props: MuiLinkProps) {
  return <MuiLink {...props} />;
}

function CardAnchor(props: CardActionAreaProps<'a'>) {
  return <CardActionArea component="a" {...props} />;
}

const RouterTextLink = createLink(TextAnchor);
export const CardLink = createLink(CardAnchor);

/** A figure that opens the list of evaluations behind it. */
export function DrillLink({
  search,
  label,
  children,
}: {
  search: DrillSearch;
  label?: string;
  children: ReactNode;
}) {
  return (
    <RouterTextLink to="/workload/evaluations" search={search} underline="hover" aria-label={label}>
      {children}
    </RouterTextLink>
  );
}
