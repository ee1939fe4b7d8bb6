import { fireEvent, render, screen, waitFor } from '@testing-library/react';
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
    // Enter signs in right away: the guest button has the focus.
    await waitFor(() => expect(enter).toHaveFocus());

    // Enter with the focus elsewhere on the page presses the button too.
    const clicks: Event[] = [];
    enter.addEventListener('click', event => {
      clicks.push(event);
      event.stopPropagation(); // no sign-in request in this test
    });
    enter.blur();
    fireEvent.keyDown(document.body, { key: 'Enter' });
    expect(clicks).toHaveLength(1);
    // Other keys do nothing.
    fireEvent.keyDown(document.body, { key: 'a' });
    expect(clicks).toHaveLength(1);
  });
});
