// Validates an AsyncAPI document with the official parser (@asyncapi/parser) and prints one line per diagnostic.
// Usage: node validate.mjs <parser node_modules dir> <document>. Exit status 1 if any diagnostic is an error.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [modules, document] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), 'noop.js'));
const { Parser } = require('@asyncapi/parser');

const parser = new Parser();
const { document: parsed, diagnostics } = await parser.parse(readFileSync(document, 'utf8'));
const severities = ['error', 'warning', 'info', 'hint'];
for (const d of diagnostics) {
  console.log(`${severities[d.severity]} ${d.code} ${d.path.join('.')}: ${d.message}`);
}
const errors = diagnostics.filter((d) => d.severity === 0);
console.log(`asyncapi ${parsed ? parsed.version() : '?'}: ${errors.length} errors, ${diagnostics.length - errors.length} other diagnostics`);
process.exit(errors.length > 0 || !parsed ? 1 : 0);
