module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // The validation rule tables assert through checkRule.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'checkRule'] },
    ],
  },
});
