module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // The hosted fault matrix asserts through its expect* functions.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expect*'] },
    ],
  },
});
