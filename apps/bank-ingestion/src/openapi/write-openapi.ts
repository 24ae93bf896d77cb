import { writeFileSync } from 'node:fs';
import { ingestionOpenApiYaml } from './openapi.document';

/** `node dist/apps/bank-ingestion/src/openapi/write-openapi.js` (from the repository root) rewrites the committed document. */
writeFileSync('apps/bank-ingestion/openapi.yaml', ingestionOpenApiYaml());
console.log('wrote apps/bank-ingestion/openapi.yaml');
