// Command line front end (bin `wdm-dispatch`): `index DIR [--json]`, `check DIR [--format ...]`.
process.stderr.write(
  'usage: wdm-dispatch index DIR [--json] | check DIR [--format text|json|sarif]\n',
);
process.exitCode = 2;
