"""Returns, their runs and findings, data quality and imports."""

from django.urls import path

from . import views as returns

app_name = "returns"

urlpatterns = [
    path("returns/", returns.returns_home, name="returns"),
    path("returns/runs/<int:pk>/", returns.run_detail, name="return-run"),
    path("returns/runs/<int:pk>/status/", returns.run_status, name="return-run-status"),
    path("returns/runs/<int:pk>/file/", returns.run_file, name="return-run-file"),
    path("returns/runs/<int:pk>/findings.<str:fmt>", returns.run_findings, name="return-run-findings"),
    path("returns/runs/<int:pk>/again/", returns.rerun, name="return-run-again"),
    path("returns/runs/<int:pk>/submitted/", returns.mark_submitted, name="return-run-submitted"),
    path("returns/data-quality/", returns.data_quality, name="data-quality"),
    path("returns/query-reasons/", returns.query_reasons, name="query-reasons"),
    path("children/<int:pk>/query-reason/", returns.query_reason, name="query-reason"),
    path("returns/import/", returns.import_page, name="return-import"),
    path("returns/imports/<int:pk>/", returns.import_run, name="import-run"),
    path("returns/imports/<int:pk>/status/", returns.import_run_status, name="import-run-status"),
    path("returns/imports/parts/<int:pk>/", returns.import_part, name="import-part"),
]
