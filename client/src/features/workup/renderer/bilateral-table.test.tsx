import {
  applyAnswers,
  getWorkup,
  type AnswerMeta,
  type Answers,
  type GroupDefinition,
  type PatientContext,
} from '@rls/shared';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { BilateralTable } from './bilateral-table';

const workup = getWorkup();
const patient: PatientContext = { sex: 'female', birthDate: '1956-03-12' };
const grid = workup.stages
  .flatMap((s) => s.groups)
  .find((g): g is GroupDefinition => g.id === 'duplexReflux')!;

/** The duplex grid of the current definition, storing answers with the shared `applyAnswers` as the server does. */
function Harness({
  initial = {},
  initialMeta = {},
  onChange = () => {},
}: {
  initial?: Answers;
  initialMeta?: AnswerMeta;
  onChange?: (code: string, raw: unknown) => void;
}) {
  const [state, setState] = useState<{ answers: Answers; answerMeta: AnswerMeta }>({
    answers: { 'duplex.performed': true, ...initial },
    answerMeta: initialMeta,
  });
  return (
    <>
      <h3 id="group-duplexReflux-heading">{grid.label}</h3>
      <BilateralTable
        group={grid}
        workup={workup}
        patient={patient}
        answers={state.answers}
        answerMeta={state.answerMeta}
        disabled={false}
        onInvalid={() => {}}
        onChange={(code, raw) => {
          onChange(code, raw);
          const applied = applyAnswers({ workup, patient, ...state, incoming: { [code]: raw } });
          if (applied.ok) setState({ answers: applied.answers, answerMeta: applied.answerMeta });
        }}
      />
      <output aria-label="stored">{JSON.stringify(state)}</output>
    </>
  );
}

const stored = () =>
  JSON.parse(screen.getByRole('status', { name: 'stored' }).textContent ?? '{}') as {
    answers: Answers;
    answerMeta: AnswerMeta;
  };
const table = () => screen.getByRole('table', { name: 'Reflux duration and perforator diameter' });
const cell = (name: string) => within(table()).getByRole('textbox', { name });
const unitToggle = () => screen.getByRole('group', { name: 'Times in' });

describe('duplex grid: reflux times in ms or s', () => {
  it('typing 1.2 with "s" chosen stores 1200 ms, keeping what was entered; the cell shows 1.2 s', async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(<Harness onChange={onChange} />);

    // Opens in the canonical unit; the cells say which unit they are in.
    expect(within(unitToggle()).getByRole('button', { name: 'ms' })).toHaveAttribute('aria-pressed', 'true');
    expect(cell('GSV Left')).toHaveAccessibleDescription('ms');

    await user.click(within(unitToggle()).getByRole('button', { name: 's' }));
    expect(cell('GSV Left')).toHaveAccessibleDescription('s');
    await user.type(cell('GSV Left'), '1.2');

    expect(onChange).toHaveBeenLastCalledWith('duplex.refluxMs.gsv.left', { value: 1.2, unit: 's' });
    expect(stored().answers['duplex.refluxMs.gsv.left']).toBe(1200);
    expect(stored().answerMeta['duplex.refluxMs.gsv.left']).toEqual({ value: 1.2, unit: 's' });
    expect(cell('GSV Left')).toHaveValue('1.2');
    expect(cell('GSV Left')).toHaveAccessibleDescription('s');
    // The perforator diameter stays in mm whatever the reflux unit.
    expect(cell('Perforator diameter Left').closest('.MuiInputBase-root')).toHaveTextContent('mm');
  });

  it('a stored value shows in the unit it was entered in; switching the unit changes only what is typed next', async () => {
    const user = userEvent.setup();
    render(
      <Harness
        initial={{ 'duplex.refluxMs.gsv.left': 1200, 'duplex.refluxMs.ssv.left': 800 }}
        initialMeta={{ 'duplex.refluxMs.gsv.left': { value: 1.2, unit: 's' } }}
      />,
    );
    // A report entered in seconds opens the grid in seconds.
    expect(within(unitToggle()).getByRole('button', { name: 's' })).toHaveAttribute('aria-pressed', 'true');
    expect(cell('GSV Left')).toHaveValue('1.2');
    expect(cell('SSV Left')).toHaveValue('800');
    expect(cell('GSV Left')).toHaveAccessibleDescription('s');
    expect(cell('SSV Left')).toHaveAccessibleDescription('ms');

    await user.type(cell('CFV Right'), '2');
    expect(stored().answers['duplex.refluxMs.cfv.right']).toBe(2000);
    expect(stored().answers['duplex.refluxMs.ssv.left']).toBe(800);

    await user.click(within(unitToggle()).getByRole('button', { name: 'ms' }));
    await user.type(cell('FV Right'), '900');
    expect(stored().answers['duplex.refluxMs.fv.right']).toBe(900);
    expect(stored().answerMeta['duplex.refluxMs.fv.right']).toBeUndefined();
    expect(cell('GSV Left')).toHaveValue('1.2');
  });

  it.each([
    ['1.2', true, true],
    ['30', true, false],
    ['0', false, false],
    ['50', false, false],
    ['600', false, false],
  ])(
    '%s ms: "Did you mean seconds?" shown %s (with "Use seconds" %s) once the cell is left',
    async (typed, hint, usable) => {
      const user = userEvent.setup();
      render(<Harness />);
      await user.type(cell('GSV Left'), typed);
      // Not while typing (a longer number may follow).
      expect(screen.queryByText('Did you mean seconds?')).not.toBeInTheDocument();
      await user.tab();

      if (!hint) {
        expect(screen.queryByText('Did you mean seconds?')).not.toBeInTheDocument();
        return;
      }
      expect(cell('GSV Left')).toHaveAccessibleDescription('ms Did you mean seconds?');
      const use = screen.queryByRole('button', { name: /^Use seconds for GSV, left/ });
      // 30 s is beyond the 10 s (10000 ms) range: only the question is asked.
      expect(use !== null).toBe(usable);
      // It never blocks: the value as typed is stored.
      expect(stored().answers['duplex.refluxMs.gsv.left']).toBe(Number(typed));
    },
  );

  it('"Use seconds" re-saves the number as seconds: 1.2 ms becomes 1200 ms entered as 1.2 s', async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(<Harness onChange={onChange} />);
    await user.type(cell('GSV Left'), '1.2');
    await user.tab();
    expect(stored().answers['duplex.refluxMs.gsv.left']).toBe(1.2);

    await user.click(screen.getByRole('button', { name: 'Use seconds for GSV, left: 1.2 s' }));
    expect(onChange).toHaveBeenLastCalledWith('duplex.refluxMs.gsv.left', { value: 1.2, unit: 's' });
    expect(stored().answers['duplex.refluxMs.gsv.left']).toBe(1200);
    expect(stored().answerMeta['duplex.refluxMs.gsv.left']).toEqual({ value: 1.2, unit: 's' });
    expect(cell('GSV Left')).toHaveValue('1.2');
    expect(cell('GSV Left')).toHaveAccessibleDescription('s');
    expect(screen.queryByText('Did you mean seconds?')).not.toBeInTheDocument();
  });

  it('has no unit choice in a signed (read-only) grid', () => {
    render(
      <BilateralTable
        group={grid}
        workup={workup}
        patient={patient}
        answers={{ 'duplex.performed': true, 'duplex.refluxMs.gsv.left': 1.2 }}
        answerMeta={{}}
        disabled
        onChange={() => {}}
        onInvalid={() => {}}
      />,
    );
    expect(screen.queryByRole('group', { name: 'Times in' })).not.toBeInTheDocument();
    expect(screen.queryByText('Did you mean seconds?')).not.toBeInTheDocument();
  });
});
