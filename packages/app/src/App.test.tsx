import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('starts at the guest sign-in page', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'KEDA Portal', baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());
    expect(
      await screen.findByRole('heading', { level: 1, name: 'KEDA Portal' }),
    ).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Enter' })).toBeEnabled();
  });
});
