/** kcheck's version, recorded in traces and reports (kept equal to package.json's by a test). */
export const KCHECK_VERSION = '0.1.0';
