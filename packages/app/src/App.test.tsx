import { fireEvent, render, screen } from '@testing-library/react';
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
    const enter = await screen.findByRole('button', { name: 'Enter' });
    expect(enter).toBeEnabled();
    // Enter signs in right away: with the focus on the page, it presses the
    // guest button.
    const clicks: Event[] = [];
    enter.addEventListener('click', event => {
      clicks.push(event);
      event.stopPropagation(); // no sign-in request in this test
    });
    fireEvent.keyDown(document.body, { key: 'Enter' });
    expect(clicks).toHaveLength(1);
    // Other keys do nothing.
    fireEvent.keyDown(document.body, { key: 'a' });
    expect(clicks).toHaveLength(1);
    expect(screen.queryByText(/Something Went Wrong/i)).toBeNull();
  });
});
