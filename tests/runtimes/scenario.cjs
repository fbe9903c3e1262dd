// The package as a CommonJS script loads it: `require("paradime-users")` (Node, Bun).
const paradime = require("paradime-users");

import("./steps.mjs")
  .then(({ run }) => run(paradime, process.argv.slice(2)))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
