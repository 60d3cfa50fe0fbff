// `npm run generate:grammar`: writes the injection grammar from the IRP table (generator in
// server/src/snippets/injectionGrammar.ts), formatted by Prettier like every JSON file here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { GRAMMAR_FILE, renderInjectionGrammar } from '../server/src/snippets/injectionGrammar';

async function main(): Promise<void> {
  const target = path.join(process.cwd(), GRAMMAR_FILE);
  const options = (await prettier.resolveConfig(target)) ?? {};
  const text = await prettier.format(renderInjectionGrammar(), { ...options, filepath: target });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  console.log(`wrote ${GRAMMAR_FILE}`);
}

void main();
