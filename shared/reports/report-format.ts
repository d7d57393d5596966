/**
 * The re-runnable report JSON's format tag and version (docs/formats.md "Report JSON"), declared
 * once: electron/reports/report-json.ts writes them, the app's report opener checks them.
 */
export const REPORT_FORMAT = 'pmdesk-margin-report';
export const REPORT_FORMAT_VERSION = 1;
