// Reads YAML documents on standard input and validates each against the JSON schema (draft-07) in the file named by
// the first argument: SchemaStore's GitHub workflow or Dependabot schema. Prints one line per document ("valid" or
// "invalid: where what; …") and exits 1 if any is invalid.
import fs from 'node:fs';
import Ajv from 'ajv';
import * as yaml from 'js-yaml';

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));

let failed = false;
for (const document of yaml.loadAll(fs.readFileSync(0, 'utf8'))) {
  if (validate(document)) {
    console.log('valid');
  } else {
    console.log(`invalid: ${validate.errors.map(e => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
    failed = true;
  }
}

process.exit(failed ? 1 : 0);
