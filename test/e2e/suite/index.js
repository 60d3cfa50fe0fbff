// Entry point loaded by VS Code's extension host (extensionTestsPath): runs the mocha suites of this
// folder against the real `vscode` API. Plain CommonJS so the extension host loads it as is.
'use strict';
const path = require('path');
const fs = require('fs');
const Mocha = require('mocha');

function run() {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, reporter: 'spec' });
  if (process.env.WDM_E2E_GREP) mocha.grep(process.env.WDM_E2E_GREP);
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) =>
      failures ? reject(new Error(`${failures} tests failed.`)) : resolve(),
    );
  });
}

module.exports = { run };
