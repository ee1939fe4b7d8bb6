import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Tests share two cores with the real KEDA chain, the contract tests and the
// other Jest workers in CI; a first render can take longer than Jest's 5 s.
jest.setTimeout(30_000);
// The same for findBy* and waitFor, whose default is 1 s.
configure({ asyncUtilTimeout: 10_000 });
