export const APP_NAME = 'RLS Workup';

/** Route `head` for a page: `head: () => pageTitle('Worklist')` → "Worklist · RLS Workup". */
export function pageTitle(title: string) {
  return { meta: [{ title: `${title} · ${APP_NAME}` }] };
}
