import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { DateField, type DateFieldProps } from './date-field';

/** The field holding its value the way a page does: a commit becomes the stored value. */
function Harness({
  initial = null,
  onCommit,
  ...props
}: { initial?: string | null; onCommit: (value: string | null) => void } & Partial<DateFieldProps>) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <DateField
        label="Follow-up date"
        {...props}
        value={value}
        onCommit={(next) => {
          onCommit(next);
          setValue(next);
        }}
      />
      <button type="button">Elsewhere</button>
    </>
  );
}

function setup(props: Partial<DateFieldProps> & { initial?: string | null } = {}) {
  const onCommit = vi.fn();
  const user = userEvent.setup();
  render(<Harness onCommit={onCommit} {...props} />);
  // Looked up each time: the field may render afresh (see DateField's `settle`).
  const field = () => screen.getByRole('group', { name: /Follow-up date/ });
  const segment = (name: 'Day' | 'Month' | 'Year') => within(field()).getByRole('spinbutton', { name });
  /** What the segments show, as the field's hidden input carries it ('' when all are empty). */
  const shown = () =>
    (field().querySelector('input') as HTMLInputElement).value.replace(/[\u2066-\u2069\u200e\u200f]/g, '');
  /** Leaves the field the way a person does: Tab past its own buttons to the next control. */
  const leave = () => user.click(screen.getByRole('button', { name: 'Elsewhere' }));
  return { onCommit, user, field, segment, shown, leave };
}

describe('DateField', () => {
  it('commits a date typed digit by digit once, when the person leaves the field', async () => {
    const { onCommit, user, segment, shown, leave } = setup();
    await user.click(segment('Day'));
    for (const key of '28112025') {
      await user.keyboard(key);
      expect(onCommit).not.toHaveBeenCalled();
    }
    expect(shown()).toBe('28 Nov 2025');
    await leave();
    expect(onCommit).toHaveBeenCalledTimes(1);
    expect(onCommit).toHaveBeenCalledWith('2025-11-28');
    await user.click(segment('Day'));
    await leave();
    expect(onCommit).toHaveBeenCalledTimes(1);
  });

  it('commits on Enter, and takes the month as letters too', async () => {
    const { onCommit, user, segment, shown } = setup();
    await user.click(segment('Day'));
    await user.keyboard('05may2026');
    expect(shown()).toBe('05 May 2026');
    expect(onCommit).not.toHaveBeenCalled();
    await user.keyboard('{Enter}');
    expect(onCommit).toHaveBeenCalledExactlyOnceWith('2026-05-05');
  });

  it('never commits a partial date: leaving it shows an error linked to the field', async () => {
    const { onCommit, user, field, segment, leave } = setup();
    await user.click(segment('Day'));
    await user.keyboard('2811');
    await leave();
    expect(onCommit).not.toHaveBeenCalled();
    expect(field()).toHaveAccessibleDescription('Incomplete date: enter day, month and year.');
    expect(field()).toHaveAttribute('aria-invalid', 'true');
  });

  it('typing over a stored date keeps it until the new one is complete, and says so', async () => {
    const { onCommit, user, field, segment, shown, leave } = setup({ initial: '2025-11-28' });
    expect(shown()).toBe('28 Nov 2025');
    await user.click(segment('Year'));
    // The year passes through 0002, 0020 and 0202: none of them is committed.
    for (const key of '202') {
      await user.keyboard(key);
      expect(onCommit).not.toHaveBeenCalled();
    }
    await user.click(segment('Day'));
    await user.keyboard('{Backspace}');
    await leave();
    expect(onCommit).not.toHaveBeenCalled();
    expect(field()).toHaveAccessibleDescription(
      'Incomplete date: enter day, month and year. The date stays 28 Nov 2025.',
    );

    await user.click(segment('Day'));
    await user.keyboard('15');
    await user.click(segment('Year'));
    await user.keyboard('2026');
    expect(onCommit).not.toHaveBeenCalled();
    await leave();
    expect(onCommit).toHaveBeenCalledExactlyOnceWith('2026-11-15');
    expect(field()).not.toHaveAccessibleDescription();
  });

  it('a half-typed year is refused, not saved as year 2', async () => {
    const { onCommit, user, field, segment, shown, leave } = setup({ initial: '2025-11-28' });
    await user.click(segment('Year'));
    await user.keyboard('2');
    await leave();
    expect(onCommit).not.toHaveBeenCalled();
    expect(field()).toHaveAccessibleDescription(
      'Enter the year in full, e.g. 2026. The date stays 28 Nov 2025.',
    );

    // Back to the year at once: it is typed afresh, not appended to the "2" (MUI would make 0005).
    await user.click(segment('Year'));
    await user.keyboard('2026');
    expect(shown()).toBe('28 Nov 2026');
    await leave();
    expect(onCommit).toHaveBeenCalledExactlyOnceWith('2026-11-28');
  });

  it('shows an impossible date as an error and keeps the stored one', async () => {
    const { onCommit, user, field, segment, shown, leave } = setup({ initial: '2026-01-10' });
    await user.click(segment('Day'));
    await user.keyboard('31022026');
    await leave();
    expect(shown()).toBe('31 Feb 2026');
    expect(onCommit).not.toHaveBeenCalled();
    expect(field()).toHaveAccessibleDescription('31 Feb 2026 does not exist. The date stays 10 Jan 2026.');
  });

  it('refuses a date outside min and max with the caller’s message', async () => {
    const { onCommit, user, field, segment, leave } = setup({
      max: '2026-03-01',
      maxMessage: 'The birth date cannot be in the future.',
    });
    await user.click(segment('Day'));
    await user.keyboard('02032026');
    await leave();
    expect(onCommit).not.toHaveBeenCalled();
    expect(field()).toHaveAccessibleDescription('The birth date cannot be in the future.');
  });

  it('clears only with the Clear button, which commits null', async () => {
    const { onCommit, user, field, segment, shown, leave } = setup({ initial: '2026-01-10' });
    // Emptying the field with the keyboard removes nothing.
    await user.click(segment('Day'));
    await user.keyboard('{Control>}a{/Control}{Backspace}');
    expect(shown()).toBe('');
    await leave();
    expect(onCommit).not.toHaveBeenCalled();
    expect(field()).toHaveAccessibleDescription(
      'Empty, but nothing was removed. The date stays 10 Jan 2026. Use Clear to remove it.',
    );

    await user.click(screen.getByRole('button', { name: 'Clear Follow-up date' }));
    expect(onCommit).toHaveBeenCalledExactlyOnceWith(null);
    expect(shown()).toBe('');
    expect(field()).not.toHaveAccessibleDescription();
  });

  it('tells the form while it holds an entry it cannot commit', async () => {
    const onPendingChange = vi.fn();
    const { user, segment, leave } = setup({ onPendingChange });
    await user.click(segment('Day'));
    await user.keyboard('31');
    await leave();
    expect(onPendingChange).toHaveBeenLastCalledWith('Incomplete date: enter day, month and year.');
    await user.click(segment('Month'));
    await user.keyboard('122026');
    await leave();
    expect(onPendingChange).toHaveBeenLastCalledWith(null);
  });

  it('can be named by a label outside it', () => {
    render(
      <>
        <label id="draw-label" htmlFor="draw">
          Date of blood draw
        </label>
        <DateField id="draw" aria-labelledby="draw-label" value="2026-11-20" onCommit={() => {}} />
      </>,
    );
    expect(screen.getByRole('group', { name: 'Date of blood draw' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Clear date' })).toBeInTheDocument();
  });
});
