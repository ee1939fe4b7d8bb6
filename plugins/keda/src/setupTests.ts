import '@testing-library/jest-dom';

// Tests share two cores with the real KEDA chain, the contract tests and the
// other Jest workers in CI; a first render can take longer than Jest's 5 s.
jest.setTimeout(30_000);
