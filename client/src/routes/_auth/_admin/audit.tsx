import FileDownloadOutlinedIcon from '@mui/icons-material/FileDownloadOutlined';
import Button from '@mui/material/Button';
import { useQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { PageHeader } from '@/components/page-header';
import { PageLoading } from '@/components/loading';
import { QueryError } from '@/components/query-error';
import { auditCsvHref, auditQueryOptions } from '@/features/audit/api';
import { AuditFilters } from '@/features/audit/components/audit-filters';
import { AuditTable } from '@/features/audit/components/audit-table';
import { auditSearchSchema, nextSort } from '@/features/audit/search-params';
import { pageTitle } from '@/utils/page-title';

/** Administrators: the audit trail with filters, sorting and a CSV export. */
export const Route = createFileRoute('/_auth/_admin/audit')({
  validateSearch: auditSearchSchema,
  head: () => pageTitle('Audit trail'),
  component: AuditPage,
});

function AuditPage() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const report = useQuery(auditQueryOptions(search));

  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Sign-ins, record access and changes, newest first. Times are UTC."
        actions={
          <Button
            variant="outlined"
            href={auditCsvHref(search)}
            download
            startIcon={<FileDownloadOutlinedIcon aria-hidden />}
          >
            Export CSV
          </Button>
        }
      />
      {/* A new key resets the form when the URL's filters change (e.g. a click on a user). */}
      <AuditFilters
        key={JSON.stringify({ ...search, sort: undefined, page: undefined })}
        search={search}
        onApply={(filters) => void navigate({ search: (prev) => ({ sort: prev.sort, ...filters }) })}
      />
      {report.isPending ? <PageLoading /> : null}
      {report.isError ? <QueryError error={report.error} onRetry={() => void report.refetch()} /> : null}
      {report.data ? (
        <AuditTable
          page={report.data}
          sort={search.sort ?? '-seq'}
          onSort={(key) =>
            void navigate({
              search: (prev) => ({ ...prev, sort: nextSort(prev.sort, key), page: undefined }),
            })
          }
          onPage={(page) => void navigate({ search: (prev) => ({ ...prev, page }) })}
          onFilter={(filter) =>
            void navigate({ search: (prev) => ({ ...prev, ...filter, page: undefined }) })
          }
        />
      ) : null}
    </>
  );
}
