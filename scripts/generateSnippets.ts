// `npm run generate:snippets`: writes snippets/wdm.code-snippets from the IRP table (the
// generator is server/src/snippets/snippetGenerator.ts; a manifest test checks the result).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SNIPPET_FILE, renderSnippetFile } from '../server/src/snippets/snippetGenerator';

const target = path.join(process.cwd(), SNIPPET_FILE);
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, renderSnippetFile());
console.log(`wrote ${SNIPPET_FILE}`);
