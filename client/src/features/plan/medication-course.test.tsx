import { QueryClient } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Plan } from '@rls/shared';
import { emptyPlan, suggestionCatalog } from '@rls/shared';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AppProvider } from '@/app/provider';
import { makeEvaluation } from '@/testing/evaluation-fixtures';
import { PlanStep } from './plan-step';

const FCM = suggestionCatalog['iron.iv-fcm'].label;
const FCM_COURSE = 'Treatment course: IV ferric carboxymaltose';

/** The plan step kept in state the way the workspace keeps it; every patch is recorded. */
function StatefulPlan({
  initial,
  onPlanChange,
  readOnly = false,
}: {
  initial: Partial<Plan>;
  onPlanChange: (patch: Partial<Plan>) => void;
  readOnly?: boolean;
}) {
  // Assessed with the plan it starts with, as the server stores it (the suggested follow-up).
  const [evaluation] = useState(() => makeEvaluation({ plan: initial }));
  const [plan, setPlan] = useState<Plan>({ ...emptyPlan(), ...initial });
  return (
    <PlanStep
      evaluation={evaluation}
      assessment={evaluation.assessment}
      plan={plan}
      onPlanChange={(patch) => {
        onPlanChange(patch);
        setPlan((p) => ({ ...p, ...patch }));
      }}
      readOnly={readOnly}
    />
  );
}

function renderPlan(initial: Partial<Plan>, readOnly = false) {
  const onPlanChange = vi.fn<(patch: Partial<Plan>) => void>();
  const user = userEvent.setup();
  render(
    <AppProvider queryClient={new QueryClient()}>
      <StatefulPlan initial={initial} onPlanChange={onPlanChange} readOnly={readOnly} />
    </AppProvider>,
  );
  return { onPlanChange, user };
}

/** The patches that set `plan.medications`. */
const courses = (onPlanChange: ReturnType<typeof renderPlan>['onPlanChange']) =>
  onPlanChange.mock.calls.map(([patch]) => patch).filter((patch) => 'medications' in patch);

describe('treatment course', { timeout: 30_000 }, () => {
  it('offers a course row only under a ticked medicine', async () => {
    const { user } = renderPlan({ selected: ['lifestyle.exercise'] });
    expect(screen.queryByRole('group', { name: FCM_COURSE })).not.toBeInTheDocument();
    // Not a medicine: no dose to enter.
    expect(screen.queryByRole('group', { name: /^Treatment course: .*exercise/i })).not.toBeInTheDocument();

    await user.click(screen.getByRole('checkbox', { name: FCM }));
    const course = screen.getByRole('group', { name: FCM_COURSE });
    expect(within(course).getByRole('textbox', { name: 'Dose' })).toHaveValue('');
    // IV ferric carboxymaltose is dosed in mg only: the unit is shown, not chosen.
    expect(within(course).queryByRole('combobox', { name: 'Unit' })).not.toBeInTheDocument();
    expect(course).toHaveTextContent('mg');
  });

  it('stores the line once dose and frequency are valid, then its start date', async () => {
    const { onPlanChange, user } = renderPlan({ selected: ['iron.iv-fcm'] });
    const course = screen.getByRole('group', { name: FCM_COURSE });

    await user.type(within(course).getByRole('textbox', { name: 'Dose' }), '1000');
    // Incomplete: nothing stored, and the row says what is missing.
    expect(courses(onPlanChange)).toEqual([]);
    expect(within(course).getByRole('combobox', { name: 'Frequency' })).toHaveAccessibleDescription(
      'Choose how often.',
    );
    expect(course).toHaveAccessibleDescription('Not in the plan yet: complete the fields marked in red.');

    await user.selectOptions(within(course).getByRole('combobox', { name: 'Frequency' }), 'single dose');
    expect(courses(onPlanChange)).toEqual([
      {
        medications: [
          { id: 'iron.iv-fcm', dose: 1000, unit: 'mg', frequency: 'single-dose', startDate: null },
        ],
      },
    ]);
    expect(course).toHaveAccessibleDescription('In the plan: 1000 mg single dose.');

    // The one date input (DateField): stored once the date is complete and the field is left.
    const start = within(course).getByRole('group', { name: 'Start date' });
    await user.click(within(start).getByRole('spinbutton', { name: 'Day' }));
    await user.keyboard('01122026');
    await user.tab();
    expect(courses(onPlanChange).at(-1)).toEqual({
      medications: [
        { id: 'iron.iv-fcm', dose: 1000, unit: 'mg', frequency: 'single-dose', startDate: '2026-12-01' },
      ],
    });
    expect(course).toHaveAccessibleDescription('In the plan: 1000 mg single dose, from 1 Dec 2026.');
  });

  it('refuses a dose the server would refuse, keeping the stored line', () => {
    const stored = {
      id: 'iron.iv-fcm',
      dose: 750,
      unit: 'mg' as const,
      frequency: 'single-dose' as const,
      startDate: null,
    };
    const { onPlanChange } = renderPlan({ selected: ['iron.iv-fcm'], medications: [stored] });
    const course = screen.getByRole('group', { name: FCM_COURSE });
    const dose = within(course).getByRole('textbox', { name: 'Dose' });
    expect(dose).toHaveValue('750');

    for (const [entered, reason] of [
      ['', 'Enter the dose.'],
      ['0', 'Dose must be greater than 0.'],
      ['-5', 'Dose must be greater than 0.'],
      ['lots', 'Dose must be a number.'],
      ['200000', 'Dose must be at most 100000.'],
    ] as const) {
      fireEvent.change(dose, { target: { value: entered } });
      expect(dose).toHaveAccessibleDescription(reason);
      expect(dose).toHaveAttribute('aria-invalid', 'true');
    }
    // An emptied dose is incomplete, not a removal: nothing was stored, the stored line stands.
    expect(courses(onPlanChange)).toEqual([]);
    expect(course).toHaveAccessibleDescription('Not in the plan yet: complete the fields marked in red.');

    fireEvent.change(dose, { target: { value: '500' } });
    expect(courses(onPlanChange)).toEqual([{ medications: [{ ...stored, dose: 500 }] }]);
    expect(dose).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('chooses among the units the medicine is given in', async () => {
    // Vitamin B12 ticked earlier and no longer suggested: its course row is still shown with it.
    const { onPlanChange, user } = renderPlan({ selected: ['supplement.b12'] });
    const course = screen.getByRole('group', { name: 'Treatment course: Vitamin B12' });
    const unit = within(course).getByRole('combobox', { name: 'Unit' });
    expect(
      within(unit)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['µg', 'mg']);

    await user.selectOptions(unit, 'mg');
    await user.type(within(course).getByRole('textbox', { name: 'Dose' }), '1');
    await user.selectOptions(within(course).getByRole('combobox', { name: 'Frequency' }), 'once daily');
    expect(courses(onPlanChange).at(-1)).toEqual({
      medications: [{ id: 'supplement.b12', dose: 1, unit: 'mg', frequency: 'once-daily', startDate: null }],
    });
  });

  it('unticking the medicine removes its line in the same change', async () => {
    const stored = {
      id: 'iron.iv-fcm',
      dose: 1000,
      unit: 'mg' as const,
      frequency: 'single-dose' as const,
      startDate: null,
    };
    const { onPlanChange, user } = renderPlan({ selected: ['iron.iv-fcm'], medications: [stored] });

    await user.click(screen.getByRole('checkbox', { name: FCM }));
    expect(onPlanChange).toHaveBeenLastCalledWith({ selected: [], medications: [] });
    expect(screen.queryByRole('group', { name: FCM_COURSE })).not.toBeInTheDocument();
  });

  it('reads as text once signed', () => {
    renderPlan(
      {
        selected: ['iron.iv-fcm'],
        medications: [
          { id: 'iron.iv-fcm', dose: 1000, unit: 'mg', frequency: 'single-dose', startDate: '2027-01-04' },
        ],
      },
      true,
    );
    expect(screen.getByText('Course: 1000 mg single dose, from 4 Jan 2027')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Dose' })).not.toBeInTheDocument();
  });
});

describe('follow-up date proposal', { timeout: 30_000 }, () => {
  it('counts the weeks from the iron course start date when it is entered, and "Use this" saves that date', async () => {
    const { onPlanChange, user } = renderPlan({
      selected: ['iron.iv-fcm'],
      medications: [
        { id: 'iron.iv-fcm', dose: 1000, unit: 'mg', frequency: 'single-dose', startDate: '2026-12-01' },
      ],
    });

    const suggestion = screen.getByRole('group', { name: /^Suggested follow-up in 8 weeks/ });
    expect(suggestion).toHaveTextContent('Recheck ferritin and TSAT 8 weeks after IV iron');
    // 2026-12-01 + 8 weeks, not the evaluation start (20 Nov 2026) + 8 weeks.
    expect(suggestion).toHaveTextContent(
      '8 weeks from the start of IV ferric carboxymaltose (1 Dec 2026): 26 Jan 2027',
    );
    await user.click(within(suggestion).getByRole('button', { name: 'Use this' }));
    expect(onPlanChange).toHaveBeenLastCalledWith({ followUpDate: '2027-01-26' });
    expect(screen.getByRole('group', { name: 'Follow-up date' })).toHaveTextContent(/26 Jan 2027/);
    expect(suggestion).toHaveTextContent('26 Jan 2027 · this is the follow-up date');
  });

  it('counts from the evaluation start while the course has no start date', () => {
    renderPlan({ selected: ['iron.oral-ferrous-sulfate'] });
    const suggestion = screen.getByRole('group', { name: /^Suggested follow-up in 12 weeks/ });
    expect(suggestion).toHaveTextContent('Recheck ferritin and TSAT about 12 weeks after starting oral iron');
    // 2026-11-20 + 12 weeks.
    expect(suggestion).toHaveTextContent('12 weeks from the evaluation start (20 Nov 2026): 12 Feb 2027');
  });
});
