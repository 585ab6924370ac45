import { getItem, getWorkup, parseAnswerValue, type AnswerValue } from '@rls/shared';
import { render, screen, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ItemField } from './item-field';

const workup = getWorkup(1);

/** One item of the real v1 definition, holding its answer the way the workspace does. */
function Harness({
  code,
  onChange,
  onInvalid = () => {},
}: {
  code: string;
  onChange: (code: string, raw: unknown) => void;
  onInvalid?: (code: string, reason: string | null) => void;
}) {
  const item = getItem(workup, code);
  if (!item) throw new Error(`no item ${code}`);
  const [value, setValue] = useState<AnswerValue | undefined>(undefined);
  const [entered, setEntered] = useState<{ value: number; unit: string } | undefined>(undefined);
  return (
    <ItemField
      item={item}
      value={value}
      entered={entered}
      disabled={false}
      onInvalid={onInvalid}
      onChange={(c, raw) => {
        onChange(c, raw);
        const parsed = parseAnswerValue(item, raw);
        if (parsed.ok) {
          setValue(parsed.value ?? undefined);
          setEntered(parsed.meta);
        }
      }}
    />
  );
}

interface Case {
  type: string;
  code: string;
  act: (user: UserEvent) => Promise<void>;
  expected: unknown;
}

const cases: Case[] = [
  {
    type: 'boolean (Yes)',
    code: 'criteria.urge',
    act: (user) =>
      user.click(
        within(screen.getByRole('radiogroup', { name: 'Urge to move the legs' })).getByRole('radio', {
          name: 'Yes',
        }),
      ),
    expected: true,
  },
  {
    type: 'boolean (No)',
    code: 'familyHistory',
    act: (user) => user.click(screen.getByRole('radio', { name: 'No' })),
    expected: false,
  },
  {
    type: 'boolean (clear)',
    code: 'familyHistory',
    act: async (user) => {
      await user.click(screen.getByRole('radio', { name: 'Yes' }));
      await user.click(screen.getByRole('button', { name: 'Clear Family history of RLS' }));
    },
    expected: null,
  },
  {
    type: 'choice, few options (radio)',
    code: 'course',
    act: (user) => user.click(screen.getByRole('radio', { name: 'Intermittent' })),
    expected: 'intermittent',
  },
  {
    type: 'choice, many options (select)',
    code: 'exam.ceap.left',
    act: (user) => user.selectOptions(screen.getByRole('combobox', { name: 'CEAP clinical class' }), 'C3'),
    expected: 'C3',
  },
  {
    type: 'multi (options in definition order)',
    code: 'comorbidities',
    act: async (user) => {
      await user.click(screen.getByRole('checkbox', { name: 'Diabetes' }));
      await user.click(screen.getByRole('checkbox', { name: 'Dialysis (ESRD)' }));
    },
    expected: ['dialysis', 'diabetes'],
  },
  {
    type: 'multi (explicit none)',
    code: 'substances',
    act: (user) => user.click(screen.getByRole('checkbox', { name: 'None' })),
    expected: [],
  },
  {
    type: 'multi (unticking the last option leaves it unanswered)',
    code: 'substances',
    act: async (user) => {
      await user.click(screen.getByRole('checkbox', { name: 'Caffeine' }));
      await user.click(screen.getByRole('checkbox', { name: 'Caffeine' }));
    },
    expected: null,
  },
  {
    type: 'integer',
    code: 'irls.total',
    act: (user) => user.type(screen.getByLabelText('IRLS total score'), '24'),
    expected: 24,
  },
  {
    type: 'integer with unit',
    code: 'onsetAge',
    act: (user) => user.type(screen.getByLabelText('Age at onset'), '42'),
    expected: 42,
  },
  {
    type: 'number (decimal comma accepted)',
    code: 'abi.left',
    act: (user) => user.type(screen.getByLabelText('ABI'), '0,85'),
    expected: 0.85,
  },
  {
    type: 'lab, canonical unit',
    code: 'lab.ferritin',
    act: (user) => user.type(screen.getByLabelText('Ferritin'), '40'),
    expected: 40,
  },
  {
    type: 'lab, alternate unit chosen after typing',
    code: 'lab.ferritin',
    act: async (user) => {
      await user.type(screen.getByLabelText('Ferritin'), '40');
      await user.selectOptions(screen.getByRole('combobox', { name: 'Unit for Ferritin' }), 'µg/L');
    },
    expected: { value: 40, unit: 'ug/L' },
  },
  {
    type: 'lab, alternate unit chosen first',
    code: 'lab.hba1c',
    act: async (user) => {
      await user.selectOptions(screen.getByRole('combobox', { name: 'Unit for HbA1c' }), 'mmol/mol');
      await user.type(screen.getByLabelText('HbA1c'), '47');
    },
    expected: { value: 47, unit: 'mmol/mol' },
  },
  {
    type: 'date',
    code: 'labs.drawDate',
    act: async (user) => {
      const field = screen.getByRole('group', { name: 'Date of blood draw' });
      await user.click(within(field).getByRole('spinbutton', { name: 'Day' }));
      await user.keyboard('20112026');
      await user.tab();
    },
    expected: '2026-11-20',
  },
  {
    type: 'text',
    code: 'angiography.finding',
    act: (user) => user.type(screen.getByLabelText('Angiography finding'), 'SFA occlusion'),
    expected: 'SFA occlusion',
  },
];

describe('item renderer', () => {
  it.each(cases)('$type: $code → $expected', async ({ code, act, expected }) => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(<Harness code={code} onChange={onChange} />);
    await act(user);
    expect(onChange).toHaveBeenLastCalledWith(code, expected);
  });

  it('shows the IRLS band as soon as the total is typed', async () => {
    const user = userEvent.setup();
    render(<Harness code="irls.total" onChange={() => {}} />);
    await user.type(screen.getByLabelText('IRLS total score'), '2');
    expect(screen.getByText('Mild RLS')).toBeInTheDocument();
    await user.type(screen.getByLabelText('IRLS total score'), '4');
    expect(screen.getByText('Severe RLS')).toBeInTheDocument();
    expect(screen.queryByText('Mild RLS')).not.toBeInTheDocument();
  });

  it('flags a lab value below or above the reference range and shows the range and units', async () => {
    const user = userEvent.setup();
    render(<Harness code="lab.ferritin" onChange={() => {}} />);
    // The definition's own wording of the range (sex-specific), as the print view shows it.
    expect(screen.getByText('Ref F 24–307, M 24–336')).toBeInTheDocument();
    const units = screen.getByRole('combobox', { name: 'Unit for Ferritin' });
    expect(
      within(units)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['ng/mL', 'µg/L']);

    await user.type(screen.getByLabelText('Ferritin'), '20');
    expect(screen.getByText('Low')).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Ferritin'));
    await user.type(screen.getByLabelText('Ferritin'), '400');
    expect(screen.getByText('High')).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Ferritin'));
    await user.type(screen.getByLabelText('Ferritin'), '100');
    expect(screen.queryByText('High')).not.toBeInTheDocument();
    expect(screen.queryByText('Low')).not.toBeInTheDocument();
  });

  it('writes a reference range without wording of its own as its bounds with the unit', () => {
    render(<Harness code="lab.iron" onChange={() => {}} />);
    expect(screen.getByText('Ref 50–150 µg/dL')).toBeInTheDocument();
  });

  it('shows an out-of-range value on the field with the shared reason and does not queue it', async () => {
    const onChange = vi.fn();
    const onInvalid = vi.fn();
    const user = userEvent.setup();
    render(<Harness code="irls.total" onChange={onChange} onInvalid={onInvalid} />);
    const input = screen.getByLabelText('IRLS total score');
    await user.type(input, '45');

    expect(onChange).toHaveBeenLastCalledWith('irls.total', 4);
    expect(onInvalid).toHaveBeenLastCalledWith('irls.total', 'must be between 0 and 40');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('must be between 0 and 40');
    expect(input).toHaveValue('45');
  });

  it('does not queue a half-typed date: it is reported, and queued once complete', async () => {
    const onChange = vi.fn();
    const onInvalid = vi.fn();
    const user = userEvent.setup();
    render(<Harness code="labs.drawDate" onChange={onChange} onInvalid={onInvalid} />);
    const field = () => screen.getByRole('group', { name: 'Date of blood draw' });
    await user.click(within(field()).getByRole('spinbutton', { name: 'Day' }));
    await user.keyboard('2811002');
    await user.tab();

    expect(onChange).not.toHaveBeenCalled();
    expect(onInvalid).toHaveBeenLastCalledWith('labs.drawDate', 'Enter the year in full, e.g. 2026.');
    expect(field()).toHaveAccessibleDescription('Enter the year in full, e.g. 2026.');

    // Typed again from the day: complete, so it is queued when the field is left.
    await user.click(within(field()).getByRole('spinbutton', { name: 'Day' }));
    await user.keyboard('28112025');
    expect(onChange).not.toHaveBeenCalled();
    await user.tab();
    expect(onChange).toHaveBeenCalledExactlyOnceWith('labs.drawDate', '2025-11-28');
    expect(onInvalid).toHaveBeenLastCalledWith('labs.drawDate', null);
  });

  it('shows help on demand', async () => {
    const user = userEvent.setup();
    render(<Harness code="criteria.urge" onChange={() => {}} />);
    const button = screen.getByRole('button', { name: 'Help for Urge to move the legs' });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    await user.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText(/Usually, but not always, with unpleasant leg sensations/)).toBeVisible();
  });
});

describe('not done', () => {
  const ferritin = getItem(workup, 'lab.ferritin')!;

  it('asks for a reason (quick pick or own words) and reports it; Cancel reports nothing', async () => {
    const onNotDone = vi.fn();
    const user = userEvent.setup();
    render(
      <ItemField
        item={ferritin}
        value={undefined}
        entered={undefined}
        disabled={false}
        onNotDone={onNotDone}
        onChange={() => {}}
        onInvalid={() => {}}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Mark Ferritin not done' }));
    let dialog = screen.getByRole('dialog', { name: 'Mark “Ferritin” not done' });
    // An empty reason of one's own is refused on the form, not sent.
    await user.click(within(dialog).getByRole('button', { name: 'Mark not done' }));
    expect(within(dialog).getByText('Enter the reason, or choose one above.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(onNotDone).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Mark Ferritin not done' }));
    dialog = screen.getByRole('dialog', { name: 'Mark “Ferritin” not done' });
    expect(
      within(dialog)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Patient declined', 'Not available', 'Not indicated', 'Cancel', 'Mark not done']);
    await user.type(within(dialog).getByRole('textbox', { name: 'Other reason' }), '  lab closed  ');
    await user.click(within(dialog).getByRole('button', { name: 'Mark not done' }));
    expect(onNotDone).toHaveBeenLastCalledWith('lab.ferritin', 'lab closed');
  });

  it('shows the reason in place of the control, with Undo; read-only without', async () => {
    const onNotDone = vi.fn();
    const user = userEvent.setup();
    const { rerender } = render(
      <ItemField
        item={ferritin}
        value={undefined}
        entered={undefined}
        disabled={false}
        notDone="not available"
        onNotDone={onNotDone}
        onChange={() => {}}
        onInvalid={() => {}}
      />,
    );
    expect(screen.getByText('Not done — not available')).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Mark Ferritin not done' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Undo not done for Ferritin' }));
    expect(onNotDone).toHaveBeenLastCalledWith('lab.ferritin', null);

    rerender(
      <ItemField
        item={ferritin}
        value={undefined}
        entered={undefined}
        disabled
        notDone="not available"
        onChange={() => {}}
        onInvalid={() => {}}
      />,
    );
    expect(screen.getByText('Not done — not available')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Undo/ })).not.toBeInTheDocument();
  });
});
