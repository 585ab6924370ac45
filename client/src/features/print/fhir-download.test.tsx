import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorResponse, mockApi } from '@/testing/fetch-mock';
import { clinicianSession } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render-with-providers';
import { FhirDownload } from './fhir-download';

const BUNDLE = { resourceType: 'Bundle', type: 'document', entry: [] };

function fhirResponse(disposition: string | null): Response {
  return new Response(JSON.stringify(BUNDLE), {
    status: 200,
    headers: {
      'Content-Type': 'application/fhir+json',
      ...(disposition ? { 'Content-Disposition': disposition } : {}),
    },
  });
}

describe('Download FHIR', () => {
  const saved: { href: string; download: string; blob?: Blob }[] = [];
  const created = new Map<string, Blob>();
  const revoked: string[] = [];
  const originalUrls = Object.getOwnPropertyDescriptors(URL);

  beforeEach(() => {
    saved.length = 0;
    created.clear();
    revoked.length = 0;
    let n = 0;
    // jsdom has no object URLs: these record what is made and revoked.
    URL.createObjectURL = (blob: Blob) => {
      const url = `blob:test/${++n}`;
      created.set(url, blob);
      return url;
    };
    URL.revokeObjectURL = (url: string) => revoked.push(url);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ href: this.href, download: this.download, blob: created.get(this.href) });
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    for (const name of ['createObjectURL', 'revokeObjectURL'] as const) {
      const original = originalUrls[name];
      if (original) Object.defineProperty(URL, name, original);
      else Reflect.deleteProperty(URL, name);
    }
  });

  it('fetches the bundle with the session and saves it under the server’s file name, then revokes the URL', async () => {
    const { requests } = mockApi({
      'GET /api/evaluations/e-1/fhir': () => fhirResponse('attachment; filename="rls-evaluation-e-1.json"'),
    });
    const { user } = renderWithProviders(<FhirDownload evaluationId="e-1" />, { session: clinicianSession });

    await user.click(await screen.findByRole('button', { name: 'Download FHIR' }));

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.download).toBe('rls-evaluation-e-1.json');
    expect(JSON.parse((await saved[0]?.blob?.text()) ?? '')).toEqual(BUNDLE);
    expect(requests[0]?.headers.get('Accept')).toBe('application/fhir+json');
    await waitFor(() => expect(revoked).toEqual([saved[0]?.href]));
    // No link is left in the page.
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('downloads a signed version from its own path, named from filename* when given', async () => {
    const { requests } = mockApi({
      'GET /api/evaluations/e-1/versions/4/fhir': () =>
        fhirResponse(`attachment; filename="fallback.json"; filename*=UTF-8''rls-evaluation-e-1-v4.json`),
    });
    const { user } = renderWithProviders(<FhirDownload evaluationId="e-1" version={4} />, {
      session: clinicianSession,
    });

    await user.click(await screen.findByRole('button', { name: 'Download FHIR' }));

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(requests[0]?.path).toBe('/api/evaluations/e-1/versions/4/fhir');
    expect(saved[0]?.download).toBe('rls-evaluation-e-1-v4.json');
  });

  it('shows the server’s message when the download fails, and saves nothing', async () => {
    mockApi({
      'GET /api/evaluations/e-1/fhir': () => errorResponse(404, 'not_found', 'Evaluation not found.'),
    });
    const { user } = renderWithProviders(<FhirDownload evaluationId="e-1" />, { session: clinicianSession });

    await user.click(await screen.findByRole('button', { name: 'Download FHIR' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The FHIR file could not be downloaded: Evaluation not found.',
    );
    expect(saved).toHaveLength(0);
  });
});
