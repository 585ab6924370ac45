import KeyboardArrowLeft from '@mui/icons-material/KeyboardArrowLeft';
import KeyboardArrowRight from '@mui/icons-material/KeyboardArrowRight';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import InputBase from '@mui/material/InputBase';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { SelectArrow, nativeSelectSx, selectElement } from '@/components/text-input';

const countFormat = new Intl.NumberFormat('en-GB');

interface WorklistPaginationProps {
  /** Rows in the whole list. */
  count: number;
  /** 1-based. */
  page: number;
  pageSize: number;
  pageSizes: readonly number[];
  onPageChange: (page: number) => void;
  onPageSizeChange: (pageSize: number) => void;
}

/**
 * "Rows per page", "1–25 of 1,234" and previous/next, laid out and labelled as MUI's
 * `TablePagination` (same button names), but with the browser's own `<select>`: `TablePagination`
 * bundles Select, Menu, Popover, Modal and Tooltip with Popper.js for its two small controls.
 */
export function WorklistPagination({
  count,
  page,
  pageSize,
  pageSizes,
  onPageChange,
  onPageSizeChange,
}: WorklistPaginationProps) {
  const sizeId = useId();
  const lastPage = Math.max(1, Math.ceil(count / pageSize));
  const shown = Math.min(page, lastPage);
  const from = count === 0 ? 0 : (shown - 1) * pageSize + 1;
  const to = Math.min(count, shown * pageSize);
  const text = { variant: 'body2', sx: { flexShrink: 0 } } as const;
  return (
    <Box
      sx={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'flex-end',
        flexWrap: 'wrap',
        minHeight: 52,
        typography: 'body2',
        pl: { xs: 2, sm: 3 },
        pr: 0.25,
      }}
    >
      <Typography {...text} component="label" id={`${sizeId}-label`} htmlFor={sizeId}>
        Rows per page
      </Typography>
      <InputBase
        id={sizeId}
        value={pageSize}
        onChange={(event) => onPageSizeChange(Number(event.target.value))}
        inputComponent={selectElement}
        inputProps={{
          children: pageSizes.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          )),
        }}
        endAdornment={<SelectArrow right={0} />}
        sx={[
          nativeSelectSx,
          {
            ml: 1,
            mr: 4,
            flexShrink: 0,
            color: 'inherit',
            fontSize: 'inherit',
            '& select': { pl: 1, pr: 3, textAlign: 'right', textAlignLast: 'right', borderRadius: 0 },
          },
        ]}
      />
      <Typography
        {...text}
      >{`${countFormat.format(from)}–${countFormat.format(to)} of ${countFormat.format(count)}`}</Typography>
      <Box sx={{ flexShrink: 0, ml: 2.5 }}>
        <IconButton
          aria-label="Go to previous page"
          title="Go to previous page"
          color="inherit"
          disabled={shown <= 1}
          onClick={() => onPageChange(shown - 1)}
        >
          <KeyboardArrowLeft />
        </IconButton>
        <IconButton
          aria-label="Go to next page"
          title="Go to next page"
          color="inherit"
          disabled={shown >= lastPage}
          onClick={() => onPageChange(shown + 1)}
        >
          <KeyboardArrowRight />
        </IconButton>
      </Box>
    </Box>
  );
}
