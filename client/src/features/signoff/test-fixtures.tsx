import type { EvaluationDto } from '@rls/shared';
import { QueryClient, useQuery } from '@tanstack/react-query';
import { RouterProvider, createMemoryHistory, createRootRoute, createRouter } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { AppProvider } from '@/app/provider';
import { setCsrfToken } from '@/lib/api-client';
import { evaluationKeys } from '@/lib/query-keys';
import { fixturePatient, makeEvaluation } from '@/testing/evaluation-fixtures';
import { jsonResponse, mockApi, type MockRequest } from '@/testing/fetch-mock';
import type { HistoryEntry } from './api';
import { SignStep } from './sign-step';

// The sign step as the workspace shows it, for the sign-off tests.

export const CLINICIAN = { id: 'u-clin', name: 'Dr. Ana Ferreira' };

/** Plays the workspace: shows the cached evaluation (which sign-off updates) and owns flush(). */
function Workspace({
  id,
  flush,
  readOnly,
}: {
  id: string;
  flush: () => Promise<EvaluationDto>;
  readOnly?: boolean;
}) {
  const { data } = useQuery<EvaluationDto>({ queryKey: evaluationKeys.detail(id), enabled: false });
  if (!data) return null;
  return <SignStep evaluation={data} flush={flush} readOnly={readOnly ?? data.status === 'signed'} />;
}

export function renderSign(
  evaluation: EvaluationDto,
  opts: {
    flush?: () => Promise<EvaluationDto>;
    history?: HistoryEntry[];
    routes?: Record<string, (r: MockRequest) => Response>;
  } = {},
) {
  setCsrfToken('csrf-clinician');
  const api = mockApi({
    'GET /api/patients/p-1': () => jsonResponse(200, { ...fixturePatient, evaluations: [] }),
    'GET /api/clinicians': () => jsonResponse(200, [CLINICIAN]),
    [`GET /api/evaluations/${evaluation.id}/history`]: () => jsonResponse(200, opts.history ?? []),
    ...opts.routes,
  });
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  queryClient.setQueryData(evaluationKeys.detail(evaluation.id), evaluation);
  const flush = vi.fn(opts.flush ?? (() => Promise.resolve(evaluation)));
  const rootRoute = createRootRoute({ component: () => <Workspace id={evaluation.id} flush={flush} /> });
  const router = createRouter({
    routeTree: rootRoute,
    history: createMemoryHistory({ initialEntries: ['/'] }),
  });
  const user = userEvent.setup();
  render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { api, flush, user, queryClient };
}

export const ready = (init: Parameters<typeof makeEvaluation>[0] = {}) =>
  makeEvaluation({
    plan: {
      selected: ['iron.iv-fcm'],
      custom: ['Leg elevation'],
      followUpDate: '2027-02-12',
      reviewed: true,
    },
    ...init,
  });
