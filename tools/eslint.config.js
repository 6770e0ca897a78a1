// ESLint for the chat widget (make check): a classic browser script, no modules,
// no dependencies; the recommended rules plus a few that catch slips in plain JS.
const js = require("@eslint/js");
const path = require("node:path");
const globals = require("globals");

// The repository root: this file lives in tools/ beside its node_modules.
const root = path.resolve(__dirname, "..");

module.exports = [
  { basePath: root, files: ["bot/web/static/**/*.js"], ...js.configs.recommended },
  {
    basePath: root,
    files: ["bot/web/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: { ...globals.browser, ...globals.es2015 },
    },
    rules: {
      eqeqeq: ["error", "always"],
      "no-implicit-globals": "error",
      // ES5 on purpose: the widget must run on the old phones citizens bring.
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      strict: ["error", "function"],
    },
  },
];
