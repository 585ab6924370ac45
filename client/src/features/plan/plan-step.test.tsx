import { QueryClient } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Plan } from '@rls/shared';
import { emptyPlan } from '@rls/shared';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AppProvider } from '@/app/provider';
import { ALL_CRITERIA_YES, makeEvaluation } from '@/testing/evaluation-fixtures';
import { PlanStep } from './plan-step';

function renderPlan(
  init: { plan?: Partial<Plan>; readOnly?: boolean; answers?: Record<string, never> } = {},
) {
  const evaluation = makeEvaluation({ plan: init.plan, ...(init.answers ? { answers: init.answers } : {}) });
  const onPlanChange = vi.fn<(patch: Partial<Plan>) => void>();
  const user = userEvent.setup();
  render(
    <AppProvider queryClient={new QueryClient()}>
      <PlanStep
        evaluation={evaluation}
        assessment={evaluation.assessment}
        plan={evaluation.plan}
        onPlanChange={onPlanChange}
        readOnly={init.readOnly ?? false}
      />
    </AppProvider>,
  );
  return { onPlanChange, user, evaluation };
}

/** The workspace's role: keep the plan in state and apply each patch. */
function StatefulPlan({ onPlanChange }: { onPlanChange: (patch: Partial<Plan>) => void }) {
  const evaluation = makeEvaluation();
  const [plan, setPlan] = useState<Plan>(emptyPlan());
  return (
    <PlanStep
      evaluation={evaluation}
      assessment={evaluation.assessment}
      plan={plan}
      onPlanChange={(patch) => {
        onPlanChange(patch);
        setPlan((p) => ({ ...p, ...patch }));
      }}
      readOnly={false}
    />
  );
}

describe('plan step', { timeout: 30_000 }, () => {
  it('groups the suggestions under the finding that makes them, with guideline and strength', () => {
    renderPlan();

    const iron = screen.getByRole('group', { name: 'Iron treatment indicated' });
    const fcm = within(iron).getByRole('checkbox', { name: 'IV ferric carboxymaltose 1000 mg' });
    expect(fcm).not.toBeChecked();
    expect(fcm).toHaveAccessibleDescription(expect.stringContaining('AASM-2024'));
    expect(fcm).toHaveAccessibleDescription(expect.stringContaining('Strong for (moderate certainty)'));
    expect(within(iron).getByRole('checkbox', { name: /Oral ferrous sulfate/ })).toBeInTheDocument();

    const cvi = screen.getByRole('group', { name: 'Chronic venous insufficiency (CEAP ≥ C3)' });
    expect(within(cvi).getByRole('checkbox', { name: /compression/i })).toHaveAccessibleDescription(
      expect.stringContaining('SVS-VV-2022'),
    );
    // Findings without a plan option get no empty group.
    expect(screen.queryByRole('group', { name: 'Superficial venous reflux' })).not.toBeInTheDocument();
  });

  it('ticking a suggestion adds its id to plan.selected; unticking removes it', async () => {
    const { onPlanChange, user } = renderPlan({ plan: { selected: ['iron.oral-ferrous-sulfate'] } });

    await user.click(screen.getByRole('checkbox', { name: 'IV ferric carboxymaltose 1000 mg' }));
    expect(onPlanChange).toHaveBeenLastCalledWith({ selected: ['iron.oral-ferrous-sulfate', 'iron.iv-fcm'] });

    await user.click(screen.getByRole('checkbox', { name: /Oral ferrous sulfate/ }));
    expect(onPlanChange).toHaveBeenLastCalledWith({ selected: [] });
  });

  it('keeps a ticked option the findings no longer suggest, flagged, until it is unticked', async () => {
    // Only the criteria answered: no iron finding, yet IV iron was ticked earlier.
    const { onPlanChange, user } = renderPlan({
      answers: ALL_CRITERIA_YES as Record<string, never>,
      plan: { selected: ['iron.iv-fcm', 'lifestyle.exercise'] },
    });

    const stale = screen.getByRole('group', { name: /no longer suggested by current findings/ });
    const box = within(stale).getByRole('checkbox', { name: 'IV ferric carboxymaltose 1000 mg' });
    expect(box).toBeChecked();
    expect(box).toHaveAccessibleDescription(
      expect.stringContaining('no longer suggested by current findings'),
    );
    // Still-offered selections are not flagged.
    expect(within(stale).queryByRole('checkbox', { name: /exercise/i })).not.toBeInTheDocument();

    await user.click(box);
    expect(onPlanChange).toHaveBeenLastCalledWith({ selected: ['lifestyle.exercise'] });
  });

  it('adds and removes own plan items, refusing an empty one', async () => {
    const onPlanChange = vi.fn<(patch: Partial<Plan>) => void>();
    const user = userEvent.setup();
    render(
      <AppProvider queryClient={new QueryClient()}>
        <StatefulPlan onPlanChange={onPlanChange} />
      </AppProvider>,
    );

    await user.click(screen.getByRole('button', { name: 'Add item' }));
    expect(screen.getByRole('textbox', { name: 'New plan item' })).toHaveAccessibleDescription(
      'Type the plan item first.',
    );
    expect(onPlanChange).not.toHaveBeenCalled();

    await user.type(
      screen.getByRole('textbox', { name: 'New plan item' }),
      '  Recheck ferritin in 12 weeks {Enter}',
    );
    expect(onPlanChange).toHaveBeenLastCalledWith({ custom: ['Recheck ferritin in 12 weeks'] });
    await user.type(screen.getByRole('textbox', { name: 'New plan item' }), 'Leg elevation');
    await user.click(screen.getByRole('button', { name: 'Add item' }));
    expect(onPlanChange).toHaveBeenLastCalledWith({
      custom: ['Recheck ferritin in 12 weeks', 'Leg elevation'],
    });
    expect(screen.getByRole('textbox', { name: 'New plan item' })).toHaveValue('');

    await user.click(screen.getByRole('button', { name: 'Remove plan item: Recheck ferritin in 12 weeks' }));
    expect(onPlanChange).toHaveBeenLastCalledWith({ custom: ['Leg elevation'] });
    expect(screen.queryByText('Recheck ferritin in 12 weeks')).not.toBeInTheDocument();
  });

  it('sets and clears the follow-up date and marks the plan reviewed', async () => {
    const { onPlanChange, user } = renderPlan({ plan: { followUpDate: '2027-01-15' } });

    const date = screen.getByLabelText('Follow-up date');
    expect(date).toHaveValue('2027-01-15');
    fireEvent.change(date, { target: { value: '2027-02-12' } });
    expect(onPlanChange).toHaveBeenLastCalledWith({ followUpDate: '2027-02-12' });
    fireEvent.change(date, { target: { value: '' } });
    expect(onPlanChange).toHaveBeenLastCalledWith({ followUpDate: null });

    const reviewed = screen.getByRole('switch', { name: 'Plan reviewed' });
    expect(reviewed).not.toBeChecked();
    await user.click(reviewed);
    expect(onPlanChange).toHaveBeenLastCalledWith({ reviewed: true });
  });

  it('is read-only when the evaluation is signed', () => {
    renderPlan({
      readOnly: true,
      plan: { selected: ['iron.iv-fcm'], custom: ['Leg elevation'], reviewed: true },
    });

    expect(screen.getByRole('checkbox', { name: 'IV ferric carboxymaltose 1000 mg' })).toBeDisabled();
    expect(screen.getByRole('checkbox', { name: 'IV ferric carboxymaltose 1000 mg' })).toBeChecked();
    expect(screen.getByLabelText('Follow-up date')).toBeDisabled();
    expect(screen.getByRole('switch', { name: 'Plan reviewed' })).toBeDisabled();
    expect(screen.getByText('Leg elevation')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'New plan item' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Remove plan item/ })).not.toBeInTheDocument();
  });
});
