// Reads YAML documents on standard input and validates every Kubernetes object of a built-in kind against the
// Kubernetes API's schema. Prints one line per object ("valid Kind name" or "invalid Kind name: why") and exits 1 if
// any is invalid or of a built-in API group it cannot check. Custom resources (other API groups) are listed as "custom".
import fs from 'node:fs';
import * as yaml from 'js-yaml';

const groups = {
  'v1': 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'policy/v1': 'kubernetes-models/policy/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
};

let failed = false;
for (const document of yaml.loadAll(fs.readFileSync(0, 'utf8')).filter(Boolean)) {
  const name = `${document.kind} ${document.metadata?.name}`;
  const module = groups[document.apiVersion];
  if (!module) {
    console.log(document.apiVersion.includes('.') && !document.apiVersion.includes('k8s.io') ? `custom ${name}` : `unchecked ${name}`);
    failed ||= !document.apiVersion.includes('.');
    continue;
  }

  const Kind = (await import(module))[document.kind];
  try {
    new Kind(document).validate();
    console.log(`valid ${name}`);
  } catch (error) {
    console.log(`invalid ${name}: ${error.message.replaceAll('\n', ' ')}`);
    failed = true;
  }
}

process.exit(failed ? 1 : 0);
