import type { AuditRecord } from '@rls/shared';
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockApi } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render-with-providers';
import { describeAuditDetail } from './audit-format';
import { AuditTable } from './audit-table';

function record(overrides: Partial<AuditRecord>): AuditRecord {
  return {
    seq: 1,
    at: '2026-03-10T09:00:00.000Z',
    userId: 'u-admin',
    username: 'admin',
    role: 'admin',
    patientId: null,
    action: 'session.login',
    category: 'auth',
    outcome: 'success',
    entity: null,
    entityId: null,
    beforeVersion: null,
    afterVersion: null,
    detail: null,
    ...overrides,
  };
}

describe('audit details read as words, never raw JSON', () => {
  it('describes what the server records for each kind of action', () => {
    const cases: [Partial<AuditRecord>, string | null][] = [
      [
        { action: 'session.login', outcome: 'failure', detail: { reason: 'wrong-password' } },
        'Wrong password',
      ],
      [{ action: 'session.login', detail: { secondFactor: 'pending' } }, 'Second factor still to enter'],
      [
        { action: 'session.mfa', detail: { method: 'recovery-code', recoveryCodesLeft: 1 } },
        'With a recovery code · 1 recovery code left',
      ],
      [{ action: 'session.expire', detail: { reason: 'idle' } }, 'Idle for too long'],
      [
        { action: 'patients.list', detail: { count: 25, total: 40, page: 1 } },
        '25 of 40 patients listed · page 1',
      ],
      [{ action: 'patient.update', detail: { fields: ['name', 'birthDate'] } }, 'Changed: name, birth date'],
      [
        { action: 'evaluation.update', detail: { cause: 'patient.update', cleared: 2 } },
        'After a change of the patient’s details · 2 answers cleared',
      ],
      [{ action: 'evaluation.read', detail: { view: 'version', version: 9 } }, 'Signed version 9'],
      [
        { action: 'evaluation.amend', detail: { amendmentId: 'a-1', reason: 'Duplex report received' } },
        'Reason: Duplex report received',
      ],
      [
        { action: 'user.create', detail: { username: 'drlee', role: 'clinician' } },
        'User drlee · Role: Clinician',
      ],
      [
        {
          action: 'user.role-change',
          detail: { username: 'drlee', from: 'clinician', to: 'admin', revokedSessions: 2 },
        },
        'User drlee · Role: Clinician → Administrator · 2 sessions signed out',
      ],
      [{ action: 'user.disable', detail: { username: 'drlee', revokedSessions: 0 } }, 'User drlee'],
      [
        {
          action: 'audit.export',
          detail: { filters: { from: '2026-03-01', action: 'session.login', sort: '-seq' } },
        },
        'Filters: from 2026-03-01, action Sign-in',
      ],
      [
        { action: 'demo.seed', detail: { users: 3, patients: 40, evaluations: 38 } },
        '3 users, 40 patients, 38 evaluations',
      ],
      [{ action: 'evaluation.sign', detail: null }, null],
      // Something this client does not know yet still reads as words.
      [{ action: 'evaluation.sign', detail: { someNewFlag: 'very-new' } }, 'Some new flag: very new'],
    ];
    for (const [overrides, expected] of cases) {
      expect(describeAuditDetail(record(overrides)), JSON.stringify(overrides)).toBe(expected);
    }
  });

  it('shows actions, roles, data and outcome by label, reassignments by clinician name', async () => {
    mockApi({
      'GET /api/clinicians': () =>
        jsonResponse(200, [
          { id: 'u-ana', name: 'Dr. Ana Ferreira' },
          { id: 'u-ben', name: 'Dr. Ben Cole' },
        ]),
    });
    const items = [
      record({
        seq: 3,
        username: 'admin',
        role: 'admin',
        action: 'evaluation.reassign',
        category: 'assignment',
        patientId: '8b7f1c2e-0000-4000-8000-000000000001',
        entity: 'evaluation',
        entityId: 'e0e0e0e0-0000-4000-8000-000000000002',
        beforeVersion: 4,
        afterVersion: 5,
        detail: { fromAssigneeId: 'u-ana', toAssigneeId: 'u-ben' },
      }),
      record({
        seq: 2,
        action: 'user.role-change',
        category: 'admin',
        entity: 'user',
        entityId: 'u-lee-0000',
        detail: { username: 'drlee', from: 'clinician', to: 'admin', revokedSessions: 1 },
      }),
      record({
        seq: 1,
        username: 'mallory',
        role: null,
        outcome: 'failure',
        detail: { reason: 'throttled' },
      }),
    ];
    renderWithProviders(
      <AuditTable
        page={{ items, total: 3, page: 1, pageSize: 50 }}
        sort="-seq"
        onSort={vi.fn()}
        onPage={vi.fn()}
        onFilter={vi.fn()}
      />,
    );

    const table = await screen.findByRole('table', { name: 'Audit trail' });
    const [, reassign, roleChange, login] = within(table).getAllByRole('row');
    expect(reassign).toHaveTextContent('Evaluation reassigned');
    expect(reassign).toHaveTextContent('Assignment');
    expect(reassign).toHaveTextContent('Administrator');
    expect(reassign).toHaveTextContent('Evaluation e0e0e0e0 · v4 → v5');
    expect(await within(reassign!).findByText('Dr. Ana Ferreira → Dr. Ben Cole')).toBeInTheDocument();

    expect(roleChange).toHaveTextContent('Role changed');
    expect(roleChange).toHaveTextContent('Administration');
    expect(roleChange).toHaveTextContent(
      'User drlee · Role: Clinician → Administrator · 1 session signed out',
    );

    expect(login).toHaveTextContent('Sign-in');
    expect(within(login!).getByText('Failed')).toBeInTheDocument();
    expect(login).toHaveTextContent('Too many attempts, temporarily blocked');

    // No stored code or JSON on screen.
    expect(table).not.toHaveTextContent(/[{}"]|evaluation\.reassign|user\.role-change|session\.login|u-ana/);
  });
});
