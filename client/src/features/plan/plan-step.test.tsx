import { QueryClient } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Answers, Plan } from '@rls/shared';
import { emptyPlan, suggestionCatalog } from '@rls/shared';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AppProvider } from '@/app/provider';
import { ALL_CRITERIA_YES, IRON_AND_VENOUS, makeEvaluation } from '@/testing/evaluation-fixtures';
import { PlanStep } from './plan-step';

// Option labels come from the shared catalog: wording may change, ids do not.
const FCM = suggestionCatalog['iron.iv-fcm'].label;

function renderPlan(
  init: {
    plan?: Partial<Plan>;
    readOnly?: boolean;
    answers?: Answers;
    workflowVersion?: number;
  } = {},
) {
  const evaluation = makeEvaluation({
    plan: init.plan,
    ...(init.answers ? { answers: init.answers } : {}),
    ...(init.workflowVersion ? { workflowVersion: init.workflowVersion } : {}),
  });
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
    const fcm = within(iron).getByRole('checkbox', { name: FCM });
    expect(fcm).not.toBeChecked();
    expect(fcm).toHaveAccessibleDescription(
      expect.stringContaining(suggestionCatalog['iron.iv-fcm'].guideline),
    );
    expect(fcm).toHaveAccessibleDescription(
      expect.stringContaining(suggestionCatalog['iron.iv-fcm'].strength),
    );
    expect(within(iron).getByRole('checkbox', { name: /Oral ferrous sulfate/ })).toBeInTheDocument();

    const cvi = screen.getByRole('group', { name: 'Chronic venous insufficiency (CEAP ≥ C3)' });
    expect(within(cvi).getByRole('checkbox', { name: /compression/i })).toHaveAccessibleDescription(
      expect.stringContaining(suggestionCatalog['venous.compression-stockings'].guideline),
    );
    // Findings without a plan option get no empty group.
    expect(screen.queryByRole('group', { name: 'Superficial venous reflux' })).not.toBeInTheDocument();
  });

  it('ticking a suggestion adds its id to plan.selected; unticking removes it', async () => {
    const { onPlanChange, user } = renderPlan({ plan: { selected: ['iron.oral-ferrous-sulfate'] } });

    await user.click(screen.getByRole('checkbox', { name: FCM }));
    expect(onPlanChange).toHaveBeenLastCalledWith({ selected: ['iron.oral-ferrous-sulfate', 'iron.iv-fcm'] });

    await user.click(screen.getByRole('checkbox', { name: /Oral ferrous sulfate/ }));
    expect(onPlanChange).toHaveBeenLastCalledWith({ selected: [] });
  });

  it('keeps a ticked option the findings no longer suggest, flagged, until it is unticked', async () => {
    // Only the criteria answered: no iron finding, yet IV iron was ticked earlier.
    const { onPlanChange, user } = renderPlan({
      answers: ALL_CRITERIA_YES,
      plan: { selected: ['iron.iv-fcm', 'lifestyle.exercise'] },
    });

    const stale = screen.getByRole('group', { name: /no longer suggested for the current answers/ });
    const box = within(stale).getByRole('checkbox', { name: FCM });
    expect(box).toBeChecked();
    expect(box).toHaveAccessibleDescription(
      expect.stringContaining('no longer suggested for the current answers'),
    );
    // Still-offered selections are not flagged.
    expect(within(stale).queryByRole('checkbox', { name: /exercise/i })).not.toBeInTheDocument();

    await user.click(box);
    expect(onPlanChange).toHaveBeenLastCalledWith({ selected: ['lifestyle.exercise'] });
  });

  it('says why an option ticked earlier is now ruled out by an answer (pregnancy)', () => {
    renderPlan({
      answers: { ...IRON_AND_VENOUS, pregnant: true, 'pregnancy.trimester': 'first' },
      plan: { selected: ['iron.iv-fcm'] },
    });
    const stale = screen.getByRole('group', { name: /no longer suggested for the current answers/ });
    expect(within(stale).getByRole('checkbox', { name: FCM })).toHaveAccessibleDescription(
      expect.stringContaining('Not offered while pregnancy'),
    );
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

    const date = screen.getByRole('group', { name: 'Follow-up date' });
    expect(date).toHaveTextContent(/15 Jan 2027/);
    // Typing over the day and month: nothing is sent until the date is complete and the field is left.
    await user.click(within(date).getByRole('spinbutton', { name: 'Day' }));
    await user.keyboard('1202');
    expect(onPlanChange).not.toHaveBeenCalled();
    await user.tab();
    expect(onPlanChange).toHaveBeenLastCalledWith({ followUpDate: '2027-02-12' });
    await user.click(screen.getByRole('button', { name: 'Clear Follow-up date' }));
    expect(onPlanChange).toHaveBeenLastCalledWith({ followUpDate: null });

    const reviewed = screen.getByRole('switch', { name: 'Plan reviewed' });
    expect(reviewed).not.toBeChecked();
    await user.click(reviewed);
    expect(onPlanChange).toHaveBeenLastCalledWith({ reviewed: true });
  });

  it('shows the cautions of an option beside it: warning icon and text, in its description', () => {
    // Definition v2: the patient already takes oral iron.
    const { evaluation } = renderPlan({
      workflowVersion: 2,
      answers: { ...IRON_AND_VENOUS, 'meds.current': ['iron-oral'] },
    });
    const oral = suggestionCatalog['iron.oral-ferrous-sulfate'].label;
    const caution = evaluation.assessment.findings
      .flatMap((f) => f.suggestions)
      .find((s) => s.id === 'iron.oral-ferrous-sulfate')
      ?.cautions.find((c) => c.code === 'already-taking');
    expect(caution).toBeDefined();

    const iron = screen.getByRole('group', { name: 'Iron treatment indicated' });
    const list = within(iron).getByRole('list', { name: `Cautions for ${oral}` });
    expect(list).toBeVisible();
    expect(list).toHaveTextContent(`Caution: ${caution!.text}`);
    // The icon is drawn beside the text (decorative: the words say it).
    expect(list.querySelector('svg[data-testid="WarningAmberIcon"]')).not.toBeNull();
    expect(within(iron).getByRole('checkbox', { name: oral })).toHaveAccessibleDescription(
      expect.stringContaining(caution!.text),
    );
    // Options without a caution show none, and nothing says "None · Not graded".
    expect(within(iron).queryByRole('list', { name: `Cautions for ${FCM}` })).not.toBeInTheDocument();
    expect(screen.queryByText(/None/)).not.toBeInTheDocument();
  });

  it('suggests the follow-up the selected options call for; "Use this" sets it from the start date', async () => {
    const { onPlanChange, user, evaluation } = renderPlan({ plan: { selected: ['iron.iv-fcm'] } });
    expect(evaluation.startedAt.slice(0, 10)).toBe('2026-11-20');
    const followUp = evaluation.assessment.followUp!;
    expect(followUp.weeks).toBe(8);

    const suggestion = screen.getByRole('group', { name: /^Suggested follow-up in 8 weeks/ });
    expect(suggestion).toHaveTextContent(`Suggested follow-up in 8 weeks — ${followUp.reason}`);
    expect(suggestion).toHaveTextContent('15 Jan 2027');
    const use = within(suggestion).getByRole('button', { name: 'Use this' });
    expect(use).toHaveAccessibleDescription(expect.stringContaining('15 Jan 2027'));
    await user.click(use);
    // 2026-11-20 + 8 weeks.
    expect(onPlanChange).toHaveBeenLastCalledWith({ followUpDate: '2027-01-15' });
  });

  it('shows no follow-up suggestion when no iron option is selected', () => {
    renderPlan({ plan: { selected: ['lifestyle.exercise'] } });
    expect(screen.queryByText(/Suggested follow-up/)).not.toBeInTheDocument();
  });

  it('does not offer "Use this" again once the suggested date is the follow-up date', () => {
    renderPlan({ plan: { selected: ['iron.oral-ferrous-sulfate'], followUpDate: '2027-02-12' } });
    const suggestion = screen.getByRole('group', { name: /^Suggested follow-up in 12 weeks/ });
    expect(suggestion).toHaveTextContent('12 Feb 2027 · this is the follow-up date');
    expect(within(suggestion).queryByRole('button', { name: 'Use this' })).not.toBeInTheDocument();
  });

  it('is read-only when the evaluation is signed', () => {
    renderPlan({
      readOnly: true,
      plan: { selected: ['iron.iv-fcm'], custom: ['Leg elevation'], reviewed: true },
    });

    expect(screen.getByRole('checkbox', { name: FCM })).toBeDisabled();
    expect(screen.getByRole('checkbox', { name: FCM })).toBeChecked();
    expect(
      within(screen.getByRole('group', { name: 'Follow-up date' })).getByRole('spinbutton', { name: 'Day' }),
    ).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByRole('switch', { name: 'Plan reviewed' })).toBeDisabled();
    expect(screen.getByText('Leg elevation')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'New plan item' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Remove plan item/ })).not.toBeInTheDocument();
  });
});
